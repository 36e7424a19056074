// MathJax for pymdownx.arithmatex (generic mode) AND mkdocs-jupyter notebook markdown cells,
// served from this site: no CDN.
// nbconvert renders notebook math as $...$ / $$...$$ inside <p>, <li>... of .jp-RenderedMarkdown,
// so those delimiters are added. Only text under the two classes below is searched:
// ignoreHtmlClass ".+" ignores every element that HAS a class (and what is inside it);
// the usual ".*|" also matches class="" and so would ignore the classless <p> in the notebook cell.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".+",
    processHtmlClass: "arithmatex|jp-RenderedMarkdown",
    enableMenu: false,
  },
  svg: { fontCache: "global" },
};

document$.subscribe(() => {
  if (window.MathJax && MathJax.typesetPromise) {
    if (MathJax.startup.output.clearCache) MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  }
});

"""snippetexec: execute the code snippets a documentation site shows, once per build.

The path of a snippet through the engine reads in one direction:

    discover.py   find the snippet references in the pages
    snippet.py    read a snippet file: code, what is shown, what it declares
    run.py        run each distinct snippet once (cache.py, pool.py, worker.py, execute.py;
                  isolation.py keeps each snippet's process, and all it starts, apart and cleans up)
    render.py     turn a reference and its result into page markup
                  (diagram.py draws the autograd graph that autograd_graph.py read in the run)
    values.py     executed values in prose: find `{{ snippet.py: expression }}`, evaluate it in
                  the snippet's run, put the value into the sentence
    checks.py     say what a failed hidden check was
    notebook.py   turn a page and its results into a Jupyter notebook
    report.py     say what failed, where, and which pages include it

mkdocs_plugin.py and pytest_plugin.py only wire these steps into MkDocs and pytest
(mkdocs_jupyter_pages.py: what notebook pages need from mkdocs-jupyter and static-i18n;
site_assets.py: the stylesheet and notebook link the plugin adds to any site);
cli.py runs them from the command line.
"""

__version__ = "0.5.0"

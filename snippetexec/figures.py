"""Save the matplotlib figures a snippet leaves open, in a light and a dark variant (in the snippet's process).

A page shows a figure as an <img> of SVG, which cannot see the page's CSS: a figure drawn for a white page
is a bright panel in a dark palette. So each figure is saved twice, as the snippet drew it (the light
variant: the notebook's, and the page's in a light palette) and re-styled for a dark page (the dark variant):
the figure and axes backgrounds become transparent, and every achromatic colour (matplotlib's black text,
spines, ticks and default-black lines, its white legend frame, grey grids) has its lightness turned round,
from the dark page's background (for white) to its text colour (for black). Chromatic colours, the data's
own (the C0 blue, an orange arrow), are kept: they read on both. The page shows the variant of the reader's
palette (render.figure_html and the plugin's stylesheet).

The same figure gives the same bytes: no date in the metadata, and a fixed salt for the ids matplotlib puts
in the SVG (random otherwise).
"""

from __future__ import annotations

import io
import sys

DARK_BACKGROUND = (0x1e / 255, 0x21 / 255, 0x29 / 255)  # Material's slate scheme, about
DARK_INK = (0.91, 0.91, 0.91)
ACHROMATIC = 0.12  # max(r, g, b) - min(r, g, b) at most this: a grey, black or white


def collect() -> tuple[list[str], list[str]]:
    """(light, dark): the SVG of every open figure, in creation order; empty without matplotlib."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return [], []
    plt.rcParams["svg.hashsalt"] = "snippetexec"
    light, dark = [], []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        light.append(_svg(figure))
        figure.canvas.draw()  # ticks are made at draw time: re-style the ones the figure really has
        darken(figure)
        dark.append(_svg(figure, transparent=True))
    return light, dark


def _svg(figure, transparent: bool = False) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", transparent=transparent)
    return buffer.getvalue()


def dark_colour(rgba):
    """The dark page's version of a colour: greys have their lightness turned round, colours stay."""
    r, g, b, a = rgba
    if max(r, g, b) - min(r, g, b) > ACHROMATIC:
        return (r, g, b, a)
    lightness = (r + g + b) / 3
    return tuple(bg + (ink - bg) * (1 - lightness) for bg, ink in zip(DARK_BACKGROUND, DARK_INK)) + (a,)


def darken(figure) -> None:
    """Re-style a finished figure for a dark page, in place (see the module's docstring)."""
    from matplotlib.collections import Collection
    from matplotlib.colors import to_rgba, to_rgba_array
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    def one(colour):
        return colour if _none(colour) else dark_colour(to_rgba(colour))

    def many(colours):
        array = to_rgba_array(colours)
        return [dark_colour(tuple(c)) for c in array] if len(array) else colours

    tick_colours = []  # read before any colour changes: each colour is turned round once
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            for which, ticks in (("major", axis.get_major_ticks()), ("minor", axis.get_minor_ticks())):
                if ticks:
                    tick = ticks[0]
                    tick_colours.append((axis, which, dict(
                        color=one(tick.tick1line.get_color()), labelcolor=one(tick.label1.get_color()),
                        grid_color=one(tick.gridline.get_color()))))
    for artist in figure.findobj():
        if isinstance(artist, Text):
            artist.set_color(one(artist.get_color()))
        elif isinstance(artist, Line2D):
            artist.set_color(one(artist.get_color()))
            artist.set_markerfacecolor(one(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(one(artist.get_markeredgecolor()))
        elif isinstance(artist, Patch):
            artist.set_facecolor(one(artist.get_facecolor()))
            artist.set_edgecolor(one(artist.get_edgecolor()))
        elif isinstance(artist, Collection):
            artist.set_facecolor(many(artist.get_facecolor()))
            artist.set_edgecolor(many(artist.get_edgecolor()))
    for axis, which, colours in tick_colours:  # ticks made later (a redraw) take their colours from here
        axis.set_tick_params(which=which, **colours)


def _none(colour) -> bool:
    return isinstance(colour, str) and colour.lower() in ("none", "auto")

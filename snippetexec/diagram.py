"""Draw an autograd graph (data from autograd_graph.graph_of) as a standalone SVG.

A layered drawing, top to bottom in the order the forward pass computed: leaf tensors
on top, the named output at the bottom, each edge labelled with the shape of the
tensor it carries. The backward pass walks the arrows in reverse.

Layout, in four small steps (the graphs of a lesson have a handful of nodes):
1. rows: a node sits one row above the lowest row it feeds (longest path to an
   output); an edge that spans several rows gets a waypoint in each row between;
2. order within a row: a few barycenter sweeps, ties kept in discovery order;
3. narrow enough for a phone: a row wider than MAX_WIDTH lifts every other node that
   nothing feeds (a leaf) one row up, and steps 1-2 run again;
4. positions: rows centred; text widths from a fixed monospace advance.

All text, node names and edge labels alike, has one size: a picture is scaled down to
the page's width, and on a phone (a column of about 358 px) a diagram of MAX_WIDTH
still shows it at more than 10 px.

Pure Python, no fonts measured and no randomness: the same graph gives the same bytes.
"""

from __future__ import annotations

from html import escape

FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace"
FONT_SIZE = 14
ADVANCE = 0.62 * FONT_SIZE  # width of one monospace character
LINE = 19
PAD_X, PAD_Y = 12, 9
GAP_X, GAP_Y = 24, 72
MARGIN = 12
LABEL_AIR = (2, 2)  # room around an edge label, sideways and up and down, kept clear of lines
MAX_WIDTH = 470  # 14-unit text scaled to a 358 px phone column: 10.7 px
# Two colour sets: the page shows the one of its palette (Material's light "default" or dark "slate"
# scheme), the notebook the light one. The dark set has no background: the page's own shows through (its
# colour, Material's slate background, is the halo that keeps an edge label clear of the lines it crosses).
SCHEMES = {
    "light": {"background": "#ffffff", "halo": "#ffffff", "ink": "#212121", "muted": "#616161", "edge": "#757575",
              "leaf": ("#e3f2fd", "#1565c0"), "op": ("#f5f5f5", "#616161"), "output": ("#fff3e0", "#e65100")},
    "dark": {"background": None, "halo": "#1e2129", "ink": "#e8e8e8", "muted": "#b4b4b4", "edge": "#9e9e9e",
             "leaf": ("#12304d", "#64b5f6"), "op": ("#2c303a", "#a0a0a0"), "output": ("#45290f", "#ffa060")},
}
STROKE_WIDTH = {"leaf": 1.5, "op": 1.5, "output": 2.5}


def shape_text(shape) -> str:
    """An edge's label: the shape of the tensor it carries, "scalar" for a 0-d tensor (not `[]`)."""
    if shape is None:
        return "?"
    return "[" + ", ".join(str(n) for n in shape) + "]" if len(shape) else "scalar"


def _lines(node: dict) -> list[str]:
    return [node["name"], node["label"]] if node.get("name") else [node["label"]]


def _rows(nodes: list[dict], edges: list[dict]) -> dict[int, int]:
    """Row of each node counted from the bottom: 0 for nodes that feed nothing."""
    row = {}
    targets = {n["id"]: [e["target"] for e in edges if e["source"] == n["id"]] for n in nodes}

    def row_of(node_id: int) -> int:
        if node_id not in row:
            row[node_id] = max((row_of(t) + 1 for t in targets[node_id]), default=0)
        return row[node_id]

    for node in nodes:
        row_of(node["id"])
    return row


def _order(nodes: list[dict], edges: list[dict], row: dict[int, int]) -> tuple[list[list], list[list]]:
    """(members, chains): members[r] lists the node ids and waypoints of row r in drawing order; chains has,
    per edge, [source, waypoint..., target]."""
    top = max(row.values(), default=0)
    members: list[list] = [[] for _ in range(top + 1)]
    for node in nodes:
        members[row[node["id"]]].append(node["id"])
    chains = []
    for index, edge in enumerate(edges):
        chain = [edge["source"]]
        for r in range(row[edge["source"]] - 1, row[edge["target"]], -1):
            waypoint = ("via", index, r)
            members[r].append(waypoint)
            chain.append(waypoint)
        chains.append(chain + [edge["target"]])
    neighbours: dict = {}
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)

    def sweep(rows_in_order):
        for r in rows_in_order:
            position = {m: i for rr in (r - 1, r + 1) if 0 <= rr <= top for i, m in enumerate(members[rr])}

            def barycenter(m, current):
                around = [position[n] for n in neighbours.get(m, []) if n in position]
                return (sum(around) / len(around) if around else current, current)

            members[r] = [m for _, m in sorted(
                ((barycenter(m, i), m) for i, m in enumerate(members[r])), key=lambda item: item[0])]

    for _ in range(3):
        sweep(range(top - 1, -1, -1))  # downwards: order by the rows above
        sweep(range(1, top + 1))  # upwards: order by the rows below
    return members, chains


def _node_size(node: dict) -> tuple[float, float]:
    lines = _lines(node)
    return max(len(t) for t in lines) * ADVANCE + 2 * PAD_X, len(lines) * LINE + 2 * PAD_Y


def _row_width(ms: list, size: dict) -> float:
    return sum(size.get(m, (0.0, 0.0))[0] for m in ms) + GAP_X * max(len(ms) - 1, 0)


def _to_lift(members: list[list], size: dict, fed: set) -> list[int]:
    """Every other leaf (a node nothing feeds) of the lowest row too wide for MAX_WIDTH that has two or more."""
    for ms in members:
        leaves = [m for m in ms if not isinstance(m, tuple) and m not in fed]
        if _row_width(ms, size) + 2 * MARGIN > MAX_WIDTH and len(leaves) >= 2:
            return leaves[1::2]
    return []


def layout(graph: dict) -> dict:
    """Positions: {"width", "height", "boxes": {id: (x, y, w, h)}, "paths": [(points, shape)]}."""
    nodes, edges = graph["nodes"], graph["edges"]
    size = {n["id"]: _node_size(n) for n in nodes}
    fed = {e["target"] for e in edges}
    row = _rows(nodes, edges)
    members, chains = _order(nodes, edges, row)
    for _ in nodes:  # at most one pass per node (each lifts one or more)
        lifted = _to_lift(members, size, fed)
        if not lifted:
            break
        for leaf in lifted:
            row[leaf] += 1
        members, chains = _order(nodes, edges, row)
    top = len(members) - 1
    for ms in members:
        size.update((m, (0.0, 0.0)) for m in ms if isinstance(m, tuple))  # waypoints take no room
    row_height = max((h for _, h in size.values()), default=0)
    widths = [_row_width(ms, size) for ms in members]
    width = max(widths, default=0) + 2 * MARGIN
    boxes = {}
    for r, ms in enumerate(members):
        x = MARGIN + (width - 2 * MARGIN - widths[r]) / 2
        y = MARGIN + (top - r) * (row_height + GAP_Y)
        for m in ms:
            w, h = size[m]
            boxes[m] = (x, y + (row_height - h) / 2, w, h)
            x += w + GAP_X
    height = MARGIN * 2 + (top + 1) * row_height + top * GAP_Y
    paths = []
    for edge, chain in zip(edges, chains):
        points = []
        for i, m in enumerate(chain):
            x, y, w, h = boxes[m]
            cx = x + w / 2
            if i == 0:
                points.append((cx, y + h))
            elif i == len(chain) - 1:
                points.append((cx, y))
            else:  # a waypoint: pass straight through its row
                points.append((cx, y - (row_height - h) / 2))
                points.append((cx, y + (row_height + h) / 2))
        paths.append((points, edge["shape"]))
    return {"width": width, "height": height, "boxes": {k: v for k, v in boxes.items() if not isinstance(k, tuple)},
            "paths": paths}


def _curve(start: tuple, end: tuple, t: float) -> tuple[float, float]:
    """The point at t (0 to 1) of the curve svg() draws from start to end (vertical tangents at both ends)."""
    (x0, y0), (x1, y1) = start, end
    u, middle = 1 - t, (y0 + y1) / 2
    return ((u ** 3 + 3 * u * u * t) * x0 + (3 * u * t * t + t ** 3) * x1,
            u ** 3 * y0 + 3 * u * t * middle + t ** 3 * y1)


def edge_labels(placed: dict) -> list[tuple[float, float, str, str]]:
    """(x, y, text-anchor attribute, text) of each edge's shape label: beside its edge, on the first spot that
    covers no box, no other label and no edge and stays inside the picture (the least covered one otherwise).
    Spots: each side of the first, then the last stretch of the edge: at its middle, near its ends, between."""
    curves = [[_curve(a, b, i / 16) for a, b in zip(points, points[1:]) for i in range(17)]
              for points, _ in placed["paths"]]
    taken = list(placed["boxes"].values())
    labels, done = [], set()
    for points, shape in placed["paths"]:
        text = shape_text(shape)
        if (tuple(points), text) in done:  # a second arrow on the same curve: one label says it
            continue
        done.add((tuple(points), text))
        width, spots = len(text) * ADVANCE, []
        for a, b in dict.fromkeys([(points[0], points[1]), (points[-2], points[-1])]):
            for t in (0.5, 0.85, 0.15, 0.7, 0.3):
                x, y = _curve(a, b, t)
                spots += [(x + 6, y, x + 6, ""), (x - 6, y, x - 6 - width, ' text-anchor="end"')]

        def covered(spot):
            return _covered(_label_box(spot[2], spot[1], width), taken, curves, placed["width"])

        x, y, left, anchor = min(spots, key=covered)  # min keeps the first of equals: the same bytes every time
        taken.append(_label_box(left, y, width, air=False))
        labels.append((x, y + 0.35 * FONT_SIZE, anchor, text))
    return labels


def _label_box(left: float, middle: float, width: float, air: bool = True) -> tuple:
    """(x, y, w, h) of a label's text around its vertical middle, with room for its halo and a little air."""
    x_air, y_air = (LABEL_AIR if air else (0, 0))
    return (left - x_air, middle - 0.45 * FONT_SIZE - y_air, width + 2 * x_air, 0.9 * FONT_SIZE + 2 * y_air)


def _covered(box: tuple, taken: list, curves: list, width: float) -> int:
    """How much a label's box would hide: boxes and labels it overlaps, points of edges in it, 1 if it leaves the picture."""
    outside = box[0] < 0 or box[0] + box[2] > width
    return (outside + sum(_overlap(box, other) for other in taken)
            + sum(_inside(point, box) for curve in curves for point in curve))


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _inside(point: tuple, box: tuple) -> bool:
    return box[0] <= point[0] <= box[0] + box[2] and box[1] <= point[1] <= box[1] + box[3]


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(graph: dict, title: str = "", scheme: str = "light") -> str:
    """The SVG document of `graph` in the colours of `scheme` ("light" or "dark", see SCHEMES); `title`
    becomes its <title> (the picture's text alternative)."""
    colours = SCHEMES[scheme]
    ink, muted, edge = colours["ink"], colours["muted"], colours["edge"]
    placed = layout(graph)
    width, height = placed["width"], placed["height"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
           f'width="{_n(width)}" height="{_n(height)}" font-family="{escape(FONT)}" font-size="{FONT_SIZE}">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
               f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{edge}"/></marker></defs>')
    if colours["background"]:
        out.append(f'<rect width="100%" height="100%" rx="6" fill="{colours["background"]}"/>')
    for points, shape in placed["paths"]:
        d = f"M{_n(points[0][0])},{_n(points[0][1])}"
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            middle = (y0 + y1) / 2
            d += f" C{_n(x0)},{_n(middle)} {_n(x1)},{_n(middle)} {_n(x1)},{_n(y1)}"
        out.append(f'<path d="{d}" fill="none" stroke="{edge}" stroke-width="1.5" marker-end="url(#arrow)"/>')
    for x, y, anchor, text in edge_labels(placed):  # over every edge, with a halo of the background
        out.append(f'<text x="{_n(x)}" y="{_n(y)}"{anchor} fill="{muted}" stroke="{colours["halo"]}" '
                   f'stroke-width="4" stroke-linejoin="round" paint-order="stroke">{escape(text)}</text>')
    for node in graph["nodes"]:
        x, y, w, h = placed["boxes"][node["id"]]
        role = "output" if node.get("output") else node["kind"]
        (fill, stroke), stroke_width = colours[role], STROKE_WIDTH[role]
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{12 if node["kind"] == "leaf" else 4}" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>')
        lines = _lines(node)
        for i, text in enumerate(lines):
            named = node.get("name") and i == 0
            weight = ' font-weight="bold"' if named else ""
            out.append(f'<text x="{_n(x + w / 2)}" y="{_n(y + PAD_Y + (i + 0.75) * LINE)}" text-anchor="middle" '
                       f'fill="{ink if named or len(lines) == 1 else muted}"{weight}>{escape(text)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"

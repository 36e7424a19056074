"""Read the autograd graph behind tensors of a snippet, as plain data (runs in the snippet's process).

`graph_of(namespace, ["loss"])` walks `loss.grad_fn` and its `next_functions`, the
graph that `loss.backward()` traverses, and returns JSON-able data:

    {"nodes": [{"id": 0, "kind": "op" | "leaf", "label": "MulBackward0", "name": "y" | None,
                "shape": [3], "output": True}, ...],
     "edges": [{"source": 2, "target": 1, "shape": [3]}, ...]}

An "op" node is a `grad_fn` (named after the variable holding its result, if any); a
"leaf" node is a leaf tensor (its AccumulateGrad). The named tensors are "output"
nodes. Edges point the way the forward pass computed (leaf -> operation -> output);
the backward pass walks them in reverse. Nodes are numbered in discovery order, so the
same code gives the same data. Tensors are named after the snippet's variables that
hold them; a leaf that no variable holds is called "leaf".
"""

from __future__ import annotations

import sys


class GraphError(ValueError):
    """The snippet's `graph=` directive names something that is not a tensor."""


def _shape(size) -> list[int]:
    return [int(n) for n in size]


def graph_of(namespace: dict, names: list[str]) -> dict:
    torch = sys.modules.get("torch")
    if torch is None:
        raise GraphError("graph= needs torch: the snippet never imported it")
    tensors = {}
    for name in names:
        value = namespace.get(name)
        if not isinstance(value, torch.Tensor):
            raise GraphError(f"graph={name}: the snippet has no tensor named {name!r} when it ends"
                             f" (found {type(value).__name__})")
        tensors[name] = value

    # what each variable holding a tensor is called: the op that made it, or the leaf itself
    op_names, leaf_names = {}, {}
    for name, value in namespace.items():
        if name.startswith("_") or not isinstance(value, torch.Tensor):
            continue
        if value.grad_fn is not None:
            op_names.setdefault(value.grad_fn, name)
        elif value.requires_grad:
            leaf_names.setdefault(id(value), name)

    nodes, edges, ids = [], [], {}

    def add(kind: str, label: str, name, shape) -> int:
        nodes.append({"id": len(nodes), "kind": kind, "label": label, "name": name, "shape": shape,
                      "output": False})
        return len(nodes) - 1

    def visit(fn) -> int:
        """Id of the node for autograd function `fn`, adding it and what it depends on."""
        if fn in ids:
            return ids[fn]
        if hasattr(fn, "variable"):  # AccumulateGrad: where a leaf's .grad is written
            leaf = fn.variable
            ids[fn] = add("leaf", "AccumulateGrad", leaf_names.get(id(leaf), "leaf"), _shape(leaf.shape))
            return ids[fn]
        ids[fn] = node = add("op", fn.name(), op_names.get(fn), _output_shape(fn))
        for source, output_index in fn.next_functions:
            if source is not None:  # None: an input that needs no gradient (a constant)
                edges.append({"source": visit(source), "target": node,
                              "shape": _output_shape(source, output_index)})
        return node

    for name, tensor in tensors.items():
        if tensor.grad_fn is None:
            raise GraphError(f"graph={name}: {name} has no grad_fn: it is a leaf or does not require grad,"
                             f" so it has no graph to draw")
        root = nodes[visit(tensor.grad_fn)]
        root["output"], root["name"] = True, name
    return {"nodes": nodes, "edges": edges}


def _output_shape(fn, index: int = 0) -> list[int] | None:
    """Shape of output `index` of the forward operation of `fn` (the gradient it receives)."""
    if hasattr(fn, "variable"):
        return _shape(fn.variable.shape)
    metadata = getattr(fn, "_input_metadata", ())
    return _shape(metadata[index].shape) if index < len(metadata) else None

# snippet: graph=y
import torch

x = torch.tensor(3.0, requires_grad=True)   # created by you, tracked
k = torch.tensor(5.0)                       # created by you, not tracked
y = x * k                                   # computed from a tracked tensor
z = k * 2                                   # computed, but nothing is tracked

for name, t in [("x", x), ("k", k), ("y", y), ("z", z)]:
    print(f"{name}: is_leaf={t.is_leaf!s:5}  requires_grad={t.requires_grad!s:5}  {t!r}")
# --- checks ---
assert x.is_leaf and x.requires_grad and x.grad_fn is None
assert k.is_leaf and not k.requires_grad and k.grad_fn is None
assert not y.is_leaf and y.requires_grad and y.grad_fn is not None
assert z.is_leaf and not z.requires_grad and z.grad_fn is None
assert y.item() == 15.0 and z.item() == 10.0
# the graph of y: one leaf (x's AccumulateGrad), no edge for the untracked k
(x_edge, _), (k_edge, _) = y.grad_fn.next_functions
assert type(x_edge).__name__ == "AccumulateGrad" and x_edge.variable is x
assert k_edge is None
assert y.grad_fn.name() == "MulBackward0"     # named in the diagram's alt text

# snippet: graph=o
import torch


def leaf(v):                       # float64, like Python's floats in Value
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


x1, x2 = leaf(1.5), leaf(-0.5)
w1, w2 = leaf(0.8), leaf(-1.2)
b = leaf(0.1)
x1w1 = x1 * w1
x2w2 = x2 * w2
s = x1w1 + x2w2
n = s + b
o = torch.tanh(n)
o.backward()

for name, t in [("w1", w1), ("w2", w2), ("b", b), ("x1", x1), ("x2", x2)]:
    print(f"{name:4} grad={t.grad.item():.4f}")
# --- checks ---
import math

from tiny import Value

ours = {name: Value(v) for name, v in [("x1", 1.5), ("x2", -0.5), ("w1", 0.8), ("w2", -1.2), ("b", 0.1)]}
ours_o = (ours["x1"] * ours["w1"] + ours["x2"] * ours["w2"] + ours["b"]).tanh()
ours_o.backward()
theirs = {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b}
for name in ours:
    assert math.isclose(ours[name].grad, theirs[name].grad.item(), rel_tol=1e-12, abs_tol=1e-15), name
assert math.isclose(ours_o.data, o.item(), rel_tol=1e-12)
# the graph: 5 AccumulateGrad, 2 Mul, 2 Add, 1 Tanh: one node per Value of our engine
names = []
stack, seen = [o.grad_fn], set()
while stack:
    node = stack.pop()
    if node is None or node in seen:
        continue
    seen.add(node)
    names.append(node.name())
    stack.extend(f for f, _ in node.next_functions)
assert sorted(names) == sorted(["TanhBackward0", "AddBackward0", "AddBackward0", "MulBackward0", "MulBackward0"]
                               + ["torch::autograd::AccumulateGrad"] * 5), names
# saved tensors were freed: a second backward raises
try:
    o.backward()
except RuntimeError as error:
    second = str(error)
assert "Trying to backward through the graph a second time" in second

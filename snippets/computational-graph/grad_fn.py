# snippet: graph=out
import torch

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
c = 2 * a * b
out = c + a**2

for name, t in [("a", a), ("b", b), ("c", c), ("out", out)]:
    node = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    print(f"{name:3}  is_leaf={t.is_leaf!s:5}  grad_fn={node}")

print("out.grad_fn.next_functions:")
for fn, _ in out.grad_fn.next_functions:
    print("   ", type(fn).__name__)
# --- checks ---
assert a.is_leaf and b.is_leaf and not c.is_leaf and not out.is_leaf
assert a.grad_fn is None and b.grad_fn is None
assert type(c.grad_fn).__name__ == "MulBackward0"
assert type(out.grad_fn).__name__ == "AddBackward0"
assert [type(f).__name__ for f, _ in out.grad_fn.next_functions] == ["MulBackward0", "PowBackward0"]
assert out.grad_fn.next_functions[0][0] is c.grad_fn
assert out.item() == 16.0
assert c.grad_fn.name() == "MulBackward0" and out.grad_fn.name() == "AddBackward0"
assert out.grad_fn.next_functions[1][0].name() == "PowBackward0"

# snippet: graph=loss
# snippet: warns="not a leaf Tensor"
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
c = torch.tensor([1.0, -4.0, 10.0])
y = x**2
loss = (c * y).sum()

y.register_hook(lambda grad: print("gradient reaching y:", grad))
x.register_hook(lambda grad: print("gradient reaching x:", grad))
loss.backward()

print("x.grad:", x.grad)
print("y.grad:", y.grad)
# --- checks ---
import warnings

assert torch.equal(x.grad, torch.tensor([2.0, -16.0, 60.0]))
assert torch.equal(x.grad, 2 * x.detach() * c)          # dL/dx = c * 2x, by hand
assert (1 * 2 * 1, -4 * 2 * 2, 10 * 2 * 3) == (2, -16, 60)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    y_grad = y.grad
assert y_grad is None and not y.is_leaf
# what each hook received, recorded again on a fresh graph
seen = {}
x2 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y2 = x2**2
y2.register_hook(lambda g: seen.setdefault("y", g.clone()))
x2.register_hook(lambda g: seen.setdefault("x", g.clone()))
order = []
y2.register_hook(lambda g: order.append("y"))
x2.register_hook(lambda g: order.append("x"))
(c * y2).sum().backward()
assert torch.equal(seen["y"], c) and torch.equal(seen["x"], x.grad)
assert order == ["y", "x"]

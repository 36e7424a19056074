import torch

x = torch.tensor(2.0, requires_grad=True)
y = 5 * x**3 + 2 * x**2 + 4 * x + 8

print("x.grad before backward():", x.grad)
y.backward()  # fills x.grad with dy/dx at x = 2

print("y:", y)
print("y.item():", y.item())
print("x.grad:", x.grad)
print("x.grad.item():", x.grad.item())
# --- checks ---
# what the first line printed: a tensor made like x, before any backward()
grad_before_backward = torch.tensor(2.0, requires_grad=True).grad
assert grad_before_backward is None
assert y.grad_fn.name() == "AddBackward0"
assert y.item() == 64.0
assert x.grad.item() == 72.0
assert x.grad.shape == x.shape and x.grad.dtype == x.dtype
assert type(y.grad_fn).__name__ == "AddBackward0"
# the hand computations quoted in the prose
assert (5 * 2**3, 2 * 2**2, 4 * 2) == (40, 8, 8)
assert 40 + 8 + 8 + 8 == 64
assert (15 * 2**2, 4 * 2) == (60, 8)
assert 60 + 8 + 4 == 72
# backward() hands nothing back: the derivative lands in .grad
x2 = torch.tensor(2.0, requires_grad=True)
assert (5 * x2**3 + 2 * x2**2 + 4 * x2 + 8).backward() is None
assert x2.grad.item() == 72.0

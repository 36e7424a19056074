import torch

a = torch.zeros(4, 1, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
s = a + b
print("s.shape:", s.shape)

s.sum().backward()
print("a.grad:", a.grad.flatten(), " shape:", a.grad.shape)
print("b.grad:", b.grad, " shape:", b.grad.shape)
# --- checks ---
assert s.shape == (4, 3)
assert a.grad.shape == (4, 1) and torch.equal(a.grad, torch.full((4, 1), 3.0))
assert b.grad.shape == (3,) and torch.equal(b.grad, torch.full((3,), 4.0))

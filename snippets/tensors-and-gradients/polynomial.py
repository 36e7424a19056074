import torch

x = torch.tensor(2.0, requires_grad=True)
y = 5 * x**3 + 2 * x**2 + 4 * x + 8   # y(2) = 40 + 8 + 8 + 8

y.backward()                          # dy/dx = 15x² + 4x + 4

print("y      =", y)
print("dy/dx  =", x.grad)
# --- checks ---
assert y.item() == 64.0
assert x.grad.item() == 72.0
assert 15 * 2**2 + 4 * 2 + 4 == 72

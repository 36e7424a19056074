import torch

x = torch.tensor(3.0, requires_grad=True)
y = x ** 2
z = 4 * y
y.retain_grad()
z.backward()

print("x.grad:", x.grad)
print("y.grad:", y.grad)
print("leaves?", x.is_leaf, y.is_leaf, z.is_leaf)
# --- checks ---
assert x.grad.item() == 24.0
assert y.grad.item() == 4.0
assert x.is_leaf and not y.is_leaf and not z.is_leaf
assert 8 * 3 == 24

import torch

x = torch.tensor(3.0, requires_grad=True)  # 3.0, not 3
g = x**3 - 4 * x
g.backward()

print("x.dtype:", x.dtype)
print("g(3):", g.item())
print("g'(3):", x.grad.item())
# --- checks ---
assert x.dtype == torch.float32
assert g.item() == 15.0
assert x.grad.item() == 23.0
assert 3**3 - 4 * 3 == 15
assert 3 * 3**2 - 4 == 23
assert (3**3, 4 * 3, 3 * 3**2) == (27, 12, 27)

import torch

x = torch.tensor(3.0, requires_grad=True)
y = x**2            # y = x², so dy/dx = 2x

y.backward()
print(x.grad)       # 2 · 3
# --- checks ---
assert x.grad.item() == 6.0
assert 2 * 3 == 6  # the derivative 2x at x = 3, worked out in the prose

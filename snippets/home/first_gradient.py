import torch

x = torch.tensor(3.0, requires_grad=True)
y = x**2            # y = x², so dy/dx = 2x

y.backward()
print(x.grad)       # 2 · 3
# --- checks ---
assert x.grad.item() == 6.0

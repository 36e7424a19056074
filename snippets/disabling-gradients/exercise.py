import torch

x = torch.tensor(2.0, requires_grad=True)
with torch.no_grad():
    s = x * 10
loss = x**2 * s + (x**3).detach()
loss.backward()
print("with no_grad/detach: loss", loss.item(), " grad", x.grad)

x2 = torch.tensor(2.0, requires_grad=True)
s2 = x2 * 10
loss2 = x2**2 * s2 + x2**3
loss2.backward()
print("fully tracked:       loss", loss2.item(), " grad", x2.grad)
# --- checks ---
assert s.item() == 20.0 and not s.requires_grad
assert x.grad.item() == 80.0
assert x2.grad.item() == 132.0
assert 2 * 2 * 20 == 80 and 33 * 2**2 == 132
assert loss.item() == loss2.item() == 88.0

import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
z = 10 * y**2
out = z.mean()
y.retain_grad()  # keep .grad on intermediate tensors as well
z.retain_grad()
out.backward()

g = torch.full_like(z, 1 / 6)  # z's shape, every entry 1/6: d(out)/dz for a mean
print("d(out)/dz matches z.grad:", torch.equal(g, z.grad))
g = g * 10 * (2 * y.detach())  # times dz/dy = 10 * 2y
print("d(out)/dy matches y.grad:", torch.equal(g, y.grad))
g = g * 6  # times dy/dx = 6
print("d(out)/dx matches x.grad:", torch.equal(g, x.grad))
print("y.grad:", y.grad)
# --- checks ---
assert torch.equal(torch.full_like(z, 1 / 6), z.grad)
assert torch.equal(g, x.grad)
assert torch.allclose(y.grad, torch.tensor([[30.0, 50.0, 70.0], [70.0, 50.0, 30.0]]))
assert (20 * 9 / 6, 20 * 15 / 6, 20 * 21 / 6) == (30, 50, 70)
assert torch.allclose(x.grad, 6 * y.grad)
assert y.grad[0, 0].item() != 30.0  # rounded: the prose quotes it next to the 30 of the paper
assert torch.equal(x.grad, y.grad * 6)

import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
z = 10 * y**2
total = z.sum()
total.backward()

by_hand = 120 * (6 * x.detach() + 3)  # 1 * 20(6x + 3) * 6
print("total:", total.item())
print("x.grad:", x.grad)
print("equal:", torch.equal(x.grad, by_hand))
# --- checks ---
assert total.item() == 14940.0
assert torch.equal(x.grad, torch.tensor([[1080.0, 1800.0, 2520.0], [2520.0, 1800.0, 1080.0]]))
assert torch.equal(x.grad, by_hand)
assert (120 * 9, 120 * 15, 120 * 21) == (1080, 1800, 2520)
x2 = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
(10 * (6 * x2 + 3) ** 2).mean().backward()
assert torch.allclose(x.grad, 6 * x2.grad)
assert x.grad.abs().max().item() < 2**24

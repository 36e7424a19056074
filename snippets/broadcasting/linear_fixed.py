import torch

x = torch.tensor([[1.0], [2.0], [3.0]])                 # (3, 1): one input per row
W = torch.tensor([0.5, -1.0], requires_grad=True)       # (2,)
b = torch.tensor([0.1], requires_grad=True)             # (1,)
y = x * W + b                                           # (3, 1) * (2,) + (1,) -> (3, 2)
print("y.shape:", y.shape)

g = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])  # upstream gradient dL/dy
y.backward(g)

print("b.grad:", b.grad, " shape:", b.grad.shape)
print("g.sum():", g.sum())
print("W.grad:", W.grad, " shape:", W.grad.shape)
print("(g * x).sum(0):", (g * x).sum(0))
# --- checks ---
assert x.grad is None and not x.requires_grad and x.is_leaf   # x is data: no gradient
assert y.shape == (3, 2)
assert (x * W).shape == (3, 2) and y.numel() == 6      # the page: stretched over all six entries
assert b.grad.shape == b.shape == (1,)
assert W.grad.shape == W.shape == (2,)
assert b.grad.item() == g.sum().item() == 21.0
assert torch.equal(W.grad, (g * x).sum(0))
assert torch.equal(W.grad, torch.tensor([22.0, 28.0]))
assert torch.allclose(y, torch.tensor([[0.6, -0.9], [1.1, -1.9], [1.6, -2.9]]))

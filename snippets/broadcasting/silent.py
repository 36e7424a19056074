import torch

pred = torch.tensor([[1.0], [2.0], [3.0]])    # (3, 1): a model's output column
target = torch.tensor([1.0, 2.0, 3.0])        # (3,)

diff = pred - target                          # no error...
print("diff.shape:", diff.shape)
print("wrong MSE:", (diff ** 2).mean())
print("right MSE:", ((pred.squeeze(1) - target) ** 2).mean())   # squeeze(1): (3, 1) -> (3,)
# --- checks ---
assert diff.shape == (3, 3)
assert ((pred.squeeze(1) - target) ** 2).mean().item() == 0.0
assert abs((diff ** 2).mean().item() - 12 / 9) < 1e-6

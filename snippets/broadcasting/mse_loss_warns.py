# snippet: warns="that is different to the input size"
import torch
import torch.nn.functional as F

pred = torch.tensor([[1.0], [2.0], [3.0]])    # (3, 1), as above
target = torch.tensor([1.0, 2.0, 3.0])        # (3,)

print("F.mse_loss:", F.mse_loss(pred, target))
# --- checks ---
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    assert torch.equal(F.mse_loss(pred, target), ((pred - target) ** 2).mean())  # the same wrong grid
assert abs(F.mse_loss(pred, target).item() - 12 / 9) < 1e-6
assert F.mse_loss(pred.squeeze(1), target).item() == 0.0

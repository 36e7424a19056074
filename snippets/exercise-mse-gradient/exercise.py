import torch
import torch.nn.functional as F

torch.manual_seed(0)
W = torch.rand(1, 3, requires_grad=True)
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
Y_target = torch.tensor([[1.0, 2.0]])

F.mse_loss(W @ X, Y_target).backward()                     # reduction="mean", the default
grad_mean = W.grad.clone()

W.grad = None                                              # start again from no gradient
F.mse_loss(W @ X, Y_target, reduction="sum").backward()
grad_sum = W.grad.clone()

with torch.no_grad():
    by_hand_sum = 2 * (W @ X - Y_target) @ X.T

print("mean reduction:", grad_mean)
print("sum reduction: ", grad_sum)
print("2 (Y - T) X^T: ", by_hand_sum)
print("sum / mean:    ", grad_sum / grad_mean)
# --- checks ---
assert torch.allclose(grad_sum, by_hand_sum)
assert torch.allclose(grad_sum, 2 * grad_mean)
assert torch.allclose(grad_sum / grad_mean, torch.full((1, 3), 2.0))
assert (grad_sum / grad_mean).unique().item() == (W @ X).numel()   # the page: n times
with torch.no_grad():
    assert torch.allclose(grad_mean, (2 / 2) * (W @ X - Y_target) @ X.T)

import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0])
t = torch.tensor([3.0, 5.0, 7.0, 9.0])  # targets: t = 2x + 1
w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)

losses = (w * x + b - t) ** 2  # one loss per sample, shape (4,)
print("mean loss:", losses.mean().item())
losses.backward(torch.ones_like(losses))  # "ones: a neutral choice"
print("w.grad:", w.grad, " b.grad:", b.grad)
# --- checks ---
residuals = [1 * 1 + 0 - 3, 1 * 2 + 0 - 5, 1 * 3 + 0 - 7, 1 * 4 + 0 - 9]
assert residuals == [-2, -3, -4, -5]
assert losses.tolist() == [4.0, 9.0, 16.0, 25.0] and losses.mean().item() == 54 / 4 == 13.5
# on paper, the gradient of the MEAN loss: dL/dw = (2/4) * sum(r_i * x_i), dL/db = (2/4) * sum(r_i)
dL_dw = 2 / 4 * sum(r * xi for r, xi in zip(residuals, [1, 2, 3, 4]))
dL_db = 2 / 4 * sum(residuals)
assert (dL_dw, dL_db) == (-20.0, -7.0)
# what the run gives instead: the gradient of the SUM, n = 4 times too large, with no warning
assert (w.grad.item(), b.grad.item()) == (-80.0, -28.0) == (4 * dL_dw, 4 * dL_db)

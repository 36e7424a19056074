import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0])
t = torch.tensor([3.0, 5.0, 7.0, 9.0])
w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)

def per_sample_losses(w, b):
    return (w * x + b - t) ** 2

J_w, J_b = torch.autograd.functional.jacobian(per_sample_losses, (w, b))
print("d loss_i / dw:", J_w, " sum:", J_w.sum().item(), " mean:", J_w.mean().item())
print("d loss_i / db:", J_b, " sum:", J_b.sum().item(), " mean:", J_b.mean().item())

losses = per_sample_losses(w, b)
losses.mean().backward()  # the fix: reduce to the scalar you mean, then backward()
print("w.grad:", w.grad, " b.grad:", b.grad)
# --- checks ---
assert J_w.tolist() == [-4.0, -12.0, -24.0, -40.0] and J_b.tolist() == [-4.0, -6.0, -8.0, -10.0]
assert (w.grad.item(), b.grad.item()) == (-20.0, -7.0)  # the gradient of the mean, worked on paper
assert (J_w.sum().item(), J_b.sum().item()) == (-80.0, -28.0)  # what ones_like gave: the sum
# the same fix with an explicit v: the mean's weights 1/n
w2 = torch.tensor(1.0, requires_grad=True)
b2 = torch.tensor(0.0, requires_grad=True)
losses2 = per_sample_losses(w2, b2)
losses2.backward(torch.full_like(losses2, 1 / len(losses2)))
assert torch.equal(w2.grad, w.grad) and torch.equal(b2.grad, b.grad)
# and torch's own MSE loss agrees
w3 = torch.tensor(1.0, requires_grad=True)
b3 = torch.tensor(0.0, requires_grad=True)
torch.nn.functional.mse_loss(w3 * x + b3, t).backward()
assert torch.equal(w3.grad, w.grad) and torch.equal(b3.grad, b.grad)

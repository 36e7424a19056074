import torch

w = torch.tensor(1.0, requires_grad=True)
x, y = torch.tensor(1.0), torch.tensor(2.0)     # first sample: target 2 * 1
lr = 0.01

loss = (w * x - y) ** 2
loss.backward()
print("loss:", loss.item())
print("autograd dloss/dw:", w.grad.item())
print("by hand 2(wx - y)x:", (2 * (w * x - y) * x).item())
print("lr * w.grad requires grad?", (lr * w.grad).requires_grad)

with torch.no_grad():
    w -= lr * w.grad
    w.grad.zero_()
print("w after one step:", w.item())
# --- checks ---
assert not w.grad.requires_grad and not (lr * w.grad).requires_grad   # a constant: no graph
assert loss.item() == 1.0
assert (2 * (1.0 * 1.0 - 2.0) * 1.0) == -2.0
assert abs(w.item() - 1.02) < 1e-7
assert str(w.item()) == "1.0199999809265137"
assert torch.tensor(1.02).item() == w.item()
assert w.grad.item() == 0.0
# the page's arithmetic: loss (1 - 2)^2 = 1, derivative 2 (1 - 2) 1 = -2, new weight 1 - 0.01 (-2) = 1.02
w0 = torch.tensor(1.0, requires_grad=True)
((w0 * x - y) ** 2).backward()
assert w0.grad.item() == -2.0 and 1 - 0.01 * (-2) == 1.02

import torch

xs = torch.tensor([1.0, 2.0, 3.0])
ys = 2 * xs + 1                                  # targets: 3, 5, 7
w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.01

for epoch in range(1000):
    for x, y in zip(xs, ys):
        loss = (w * x + b - y) ** 2
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= lr * p.grad
                p.grad.zero_()

print("w:", w.item(), " b:", b.item())
with torch.no_grad():
    print("prediction for x=4:", (w * 4.0 + b).item())
# --- checks ---
assert abs(w.item() - 2.0) < 1e-3
assert abs(b.item() - 1.0) < 1e-3
assert abs((w * 4.0 + b).item() - 9.0) < 1e-3
assert abs(w.item() - 2.0) > 1e-5              # not fully converged: the bias is slower

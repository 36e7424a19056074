import torch

xs = torch.tensor([1.0, 2.0, 3.0])
ys = 2 * xs
w = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.01)

for epoch in range(1, 101):
    for x, y in zip(xs, ys):
        loss = (w * x - y) ** 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()                         # w -= lr * w.grad, under no_grad

print("w:", w.item())
with torch.no_grad():
    print("prediction for x=4 after training:", (w * 4.0).item())
# --- checks ---
assert w.item() == 1.9999996423721313
assert str((w * 4.0).item()) == "7.999998569488525"
optimizer.zero_grad()
assert w.grad is None

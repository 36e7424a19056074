import torch

xs = torch.tensor([1.0, 2.0, 3.0])
ys = 2 * xs                                      # targets: 2, 4, 6
w = torch.tensor(1.0, requires_grad=True)
lr = 0.01

with torch.no_grad():
    prediction_before = (w * 4.0).item()
print("prediction for x=4 before training:", prediction_before)

for epoch in range(1, 101):
    epoch_loss = 0.0
    for x, y in zip(xs, ys):                     # one sample at a time
        loss = (w * x - y) ** 2
        loss.backward()
        with torch.no_grad():                    # the update is not part of the model
            w -= lr * w.grad
            w.grad.zero_()
        epoch_loss += loss.item()
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  loss {epoch_loss:.3e}  w {w.item():.9f}")

with torch.no_grad():
    prediction = (w * 4.0).item()
print("prediction for x=4 after training:", prediction)
# --- checks ---
assert prediction_before == (torch.tensor(1.0) * 4.0).item() == 4.0
assert abs(prediction - 8.0) < 1e-5
assert str(prediction) == "7.999998569488525"
assert w.item() == 1.9999996423721313
assert w.grad.item() == 0.0
assert w.is_leaf and w.requires_grad
# every remaining step is too small to move w in float32
for x, y in zip(xs, ys):
    step = lr * 2 * (w.detach() * x - y) * x
    assert step.item() != 0.0 and torch.equal(w.detach() - step, w.detach())
# from epoch 60 on, the printed loss and w no longer change
v = torch.tensor(1.0, requires_grad=True)
rows = {}
for epoch in range(1, 101):
    total = 0.0
    for x, y in zip(xs, ys):
        l = (v * x - y) ** 2
        l.backward()
        with torch.no_grad():
            v -= lr * v.grad
            v.grad.zero_()
        total += l.item()
    rows[epoch] = (total, v.item())
assert all(rows[e] == rows[60] for e in range(60, 101))
assert rows[50] != rows[60] and rows[50][1] == rows[60][1]
assert rows[10][0] > rows[20][0] > rows[30][0] > rows[40][0] > rows[50][0] > rows[60][0]
assert rows[100][1] == w.item()
assert rows[49][1] != rows[50][1]
# for the page: the epoch during which w reaches its final value, and the first logged epoch
# from which neither the loss nor w changes any more
w_final_epoch = min(e for e in rows if all(rows[f][1] == w.item() for f in range(e, 101)))
log_flat_from = min(e for e in range(10, 101, 10) if all(rows[f] == rows[e] for f in range(e, 101)))
assert rows[w_final_epoch - 1][1] != w.item() and log_flat_from % 10 == 0

import matplotlib.pyplot as plt
import torch

plt.rcParams["font.size"] = 12                   # exponents big enough for a phone

xs = torch.tensor([1.0, 2.0, 3.0])
ys = 2 * xs
w = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.01)

losses = []                                      # one number per epoch, for the plot
for epoch in range(1, 101):
    epoch_loss = 0.0
    for x, y in zip(xs, ys):
        loss = (w * x - y) ** 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()                # .item(): a float, not a tensor in the graph
    losses.append(epoch_loss)

print(f"epoch   1: loss {losses[0]:.3e}")
print(f"epoch 100: loss {losses[-1]:.3e}")

fig, ax = plt.subplots(figsize=(3.6, 3.3))
ax.semilogy(range(1, 101), losses, marker=".", markersize=4)
ax.set_xlabel("epoch")
ax.set_yticks([1e-12, 1e-8, 1e-4, 1])            # every fourth power of ten
ax.set_ylabel("loss (sum over 3 samples)")
ax.grid(True, which="major", alpha=0.3)
plt.show()
# --- checks ---
assert len(losses) == 100 and losses[0] > 1.0
assert all(a >= b for a, b in zip(losses, losses[1:59]))  # falls, then flat once w stops moving
assert losses[-1] < 1e-10
flat_from = min(i for i in range(100) if all(loss == losses[i] for loss in losses[i:])) + 1
assert flat_from == 51 and 1.5e-12 < losses[50] < 1.6e-12  # the page says so
assert 12.0 < losses[0] < 12.5
assert w.item() == 1.9999996423721313

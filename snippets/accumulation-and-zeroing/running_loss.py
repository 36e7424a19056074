import torch

w = torch.tensor(0.0, requires_grad=True)
x, target = torch.tensor(1.0), torch.tensor(2.0)

total = 0.0
total_item = 0.0
for step in range(3):
    loss = (w * x - target) ** 2
    loss.backward()
    with torch.no_grad():
        w -= 0.25 * w.grad
        w.grad.zero_()
    total += loss                    # pitfall: a tensor holding every graph
    total_item += loss.item()        # a plain Python float

print("total:     ", total)
print("total_item:", total_item, type(total_item).__name__)
# --- checks ---
assert isinstance(total, torch.Tensor) and total.grad_fn is not None
assert total.grad_fn.name() == "AddBackward0"
assert total.item() == 5.25 and total_item == 5.25
assert isinstance(total_item, float)
assert w.item() == 1.75
w2, seen, path = 0.0, [], []                   # the numbers worked by hand in the prose
for _ in range(3):
    seen.append((w2 * 1.0 - 2.0) ** 2)
    w2 -= 0.25 * 2 * (w2 * 1.0 - 2.0) * 1.0
    path.append(w2)
assert seen == [4.0, 1.0, 0.25] and path == [1.0, 1.5, 1.75]
assert 4 + 1 + 0.25 == 5.25

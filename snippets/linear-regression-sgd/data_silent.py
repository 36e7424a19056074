import torch

w = torch.tensor(1.0, requires_grad=True)
y = w ** 2                   # autograd saves w to compute dy/dw = 2w later

w.data = w.data + 4.0        # the old update idiom: autograd does not notice
y.backward()
print("y:", y.item())
print("w.grad:", w.grad.item())
# --- checks ---
assert y.item() == 1.0
assert w.item() == 5.0
assert w.grad.item() == 10.0       # 2 * 5, not 2 * 1
# the page: at w = 1, dy/dw = 2w = 2 (what backward() gives without the .data change)
w1 = torch.tensor(1.0, requires_grad=True)
(w1 ** 2).backward()
assert w1.grad.item() == 2.0

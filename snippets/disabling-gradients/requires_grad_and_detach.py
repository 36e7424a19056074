import torch

w = torch.tensor(2.0, requires_grad=True)
w.requires_grad_(False)              # switch off tracking for a leaf
print("w * 3:", w * 3)

x = torch.tensor(3.0, requires_grad=True)
y = x ** 2
y_const = y.detach()                 # same values, cut from the graph
print("y:", y)
print("y_const:", y_const, " is_leaf:", y_const.is_leaf)

loss = y * y_const                   # y_const acts as a plain number
loss.backward()
print("x.grad:", x.grad)
# --- checks ---
assert not w.requires_grad and not (w * 3).requires_grad
assert y_const.is_leaf and not y_const.requires_grad
assert y_const.item() == 9.0
assert x.grad.item() == 54.0
assert 9 * 2 * 3 == 54 and 4 * 3**3 == 108
x_full = torch.tensor(3.0, requires_grad=True)   # the same loss without detach(): x**4
(x_full ** 2 * x_full ** 2).backward()
assert x_full.grad.item() == 108.0

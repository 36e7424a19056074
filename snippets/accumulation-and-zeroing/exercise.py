import torch

x = torch.tensor(2.0, requires_grad=True)
(x ** 2).backward()
(3 * x).backward()
print("two backward calls:", x.grad)

x2 = torch.tensor(2.0, requires_grad=True)
(x2 ** 2 + 3 * x2).backward()
print("one summed loss:   ", x2.grad)
# --- checks ---
assert x.grad.item() == 7.0 and x2.grad.item() == 7.0
assert 2 * 2 == 4 and 2 * 2 + 3 == 7

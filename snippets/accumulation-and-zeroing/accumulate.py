import torch

x = torch.tensor(3.0, requires_grad=True)

y = x ** 2
y.backward()
first = x.grad.clone()               # copy: x.grad is updated in place
print("after 1st backward:", x.grad)

y = x ** 2                           # a fresh graph, same function
y.backward()
print("after 2nd backward:", x.grad)
# --- checks ---
assert first.item() == 6.0
assert x.grad.item() == 12.0
assert torch.equal(x.grad, 2 * first)
assert 2 * 3 == 6                             # dy/dx = 2x at x = 3, by hand
# the same two calls, keeping x.grad without .clone(): the kept name follows the in-place update
x3 = torch.tensor(3.0, requires_grad=True)
(x3 ** 2).backward()
first_without_clone = x3.grad
(x3 ** 2).backward()
assert first_without_clone is x3.grad and first_without_clone.item() == 12.0

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
x3 = torch.tensor(3.0, requires_grad=True)
(x3 ** 2).backward()
ref = x3.grad
(x3 ** 2).backward()
assert ref is x3.grad and ref.item() == 12.0

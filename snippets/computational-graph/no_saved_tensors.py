import torch

x = torch.tensor(2.0, requires_grad=True)
y = x + 1  # an addition saves no tensors for its backward pass

y.backward()
y.backward()  # no error here...
print("x.grad:", x.grad)  # ...but the gradient was added twice
# --- checks ---
assert x.grad.item() == 2.0
x1 = torch.tensor(2.0, requires_grad=True)
(x1 + 1).backward()
assert x1.grad.item() == 1.0  # the derivative of x + 1 is 1

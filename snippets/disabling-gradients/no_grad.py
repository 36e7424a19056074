import torch

x = torch.tensor(3.0, requires_grad=True)

y = x * 2
with torch.no_grad():
    z = x * 2
    print("inside no_grad, grad enabled?", torch.is_grad_enabled())

print("y:", y, " requires_grad:", y.requires_grad)
print("z:", z, " requires_grad:", z.requires_grad)
print("x still requires grad?", x.requires_grad)
# --- checks ---
assert y.requires_grad and y.grad_fn is not None
assert not z.requires_grad and z.grad_fn is None and z.is_leaf
assert x.requires_grad
assert y.item() == 6.0 and z.item() == 6.0
assert (x * 2).requires_grad and torch.is_grad_enabled()
# the page: a saved tensor is a reference to the input, not a copy
x2 = torch.tensor([1., 2.], requires_grad=True)
square = x2 ** 2
assert square.grad_fn._saved_self is x2
assert square.grad_fn._saved_self.data_ptr() == x2.data_ptr()

import torch

w = torch.tensor([[1.0], [4.0]])  # 2 inputs -> 1 output, like nn.Linear(2, 1)

x = torch.tensor([2.0, 3.0], requires_grad=True)
y = x @ w  # one element, but shape (1,)
y.backward()  # allowed: autograd starts from torch.ones_like(y)
print("y.shape:  ", y.shape, " x.grad:  ", x.grad)

x_s = torch.tensor([2.0, 3.0], requires_grad=True)
y_s = (x_s @ w).squeeze()  # the same number, shape (): a true scalar
y_s.backward()
print("y_s.shape:", y_s.shape, " x_s.grad:", x_s.grad)

jac = torch.autograd.functional.jacobian
print("Jacobian of y:  ", jac(lambda x: x @ w, x).shape)
print("Jacobian of y_s:", jac(lambda x: (x @ w).squeeze(), x).shape)
# --- checks ---
assert tuple(y.shape) == (1,) and tuple(y_s.shape) == ()
assert y.item() == y_s.item() == 2 * 1 + 3 * 4 == 14
assert torch.equal(x.grad, x_s.grad) and x.grad.tolist() == [1.0, 4.0]
assert tuple(jac(lambda x: x @ w, x).shape) == (1, 2) and tuple(jac(lambda x: (x @ w).squeeze(), x).shape) == (2,)
# the rule is "exactly one element", not "zero dimensions": shape (1, 1) works too
x11 = torch.tensor([2.0, 3.0], requires_grad=True)
(x11 @ w).reshape(1, 1).backward()
assert torch.equal(x11.grad, x.grad)
# the implicit starting gradient is ones_like(y): passing it explicitly gives the same result
x1 = torch.tensor([2.0, 3.0], requires_grad=True)
(x1 @ w).backward(gradient=torch.ones(1))
assert torch.equal(x1.grad, x.grad)
# ... but a gradient of shape () for an output of shape (1,) is refused
x0 = torch.tensor([2.0, 3.0], requires_grad=True)
try:
    (x0 @ w).backward(gradient=torch.tensor(1.0))
except RuntimeError as error:
    shape_error = str(error)
else:
    raise AssertionError("a () gradient for a (1,) output was accepted")
assert "grad_output[0] has a shape of torch.Size([]) and output[0] has a shape of torch.Size([1])" in shape_error
# nn.Linear(2, 1) on one sample gives shape (1,), and backward() accepts it
torch.manual_seed(0)
out = torch.nn.Linear(2, 1)(torch.tensor([2.0, 3.0]))
assert tuple(out.shape) == (1,)
out.backward()

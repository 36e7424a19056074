import torch

def f(x):
    x1, x2 = x
    return torch.stack([x1 * x2, x1**2, 5 * x2])

x = torch.tensor([2.0, 3.0], requires_grad=True)
v = torch.tensor([1.0, 10.0, 100.0])
f(x).backward(gradient=v)

J = torch.autograd.functional.jacobian(f, x.detach())
print("v @ J: ", v @ J)
print("x.grad:", x.grad)
print("equal: ", torch.equal(v @ J, x.grad))

for e in torch.eye(3):  # v = (1, 0, 0), then (0, 1, 0), then (0, 0, 1)
    x.grad = None
    f(x).backward(gradient=e)
    print("v =", e, "-> x.grad =", x.grad)
# --- checks ---
x_v = torch.tensor([2.0, 3.0], requires_grad=True)
f(x_v).backward(gradient=v)
assert torch.equal(v @ J, x_v.grad) and x_v.grad.tolist() == [43.0, 502.0]
# the loop's last v picks the last row of J
assert torch.equal(x.grad, J[2])
rows = []
for e in torch.eye(3):
    xr = torch.tensor([2.0, 3.0], requires_grad=True)
    f(xr).backward(gradient=e)
    rows.append(xr.grad)
assert torch.equal(torch.stack(rows), J)
# ones_like(y) gives the sum of the rows of J: the gradient of y.sum()
xo = torch.tensor([2.0, 3.0], requires_grad=True)
f(xo).backward(gradient=torch.ones(3))
assert torch.equal(xo.grad, J.sum(0)) and xo.grad.tolist() == [7.0, 7.0]
# jacobian (default: reverse mode, not vectorized) runs one backward pass per element of the output
passes = []


def f_counted(x):
    y = f(x)
    y.register_hook(lambda grad: passes.append(grad.clone()))
    return y


J_counted = torch.autograd.functional.jacobian(f_counted, torch.tensor([2.0, 3.0]))
assert torch.equal(J_counted, J) and len(passes) == 3
assert torch.equal(torch.stack(passes), torch.eye(3))  # each pass starts from one row of the identity
# elementwise function: J is diagonal, so ones_like(y) gives each derivative f'(x_i)
xe = torch.linspace(-2, 2, 5, requires_grad=True)
ye = torch.tanh(xe)
ye.backward(torch.ones_like(ye))
Je = torch.autograd.functional.jacobian(torch.tanh, xe.detach())
assert torch.equal(Je, torch.diag(torch.diagonal(Je)))
assert torch.allclose(xe.grad, 1 - torch.tanh(xe.detach()) ** 2)

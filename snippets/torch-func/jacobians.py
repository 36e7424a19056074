import torch
from torch.func import jacfwd, jacrev, jvp, vjp


def f(x):                              # R^2 -> R^3, the function of the VJP lesson
    return torch.stack([x[0] * x[1], x[0] ** 2, 5 * x[1]])


x = torch.tensor([2.0, 3.0])
print("jacrev:", jacrev(f)(x))         # row by row: one VJP per output, 3
print("jacfwd:", jacfwd(f)(x))         # column by column: one JVP per input, 2

y, f_vjp = vjp(f, x)                   # reverse mode: v -> v^T J
(row,) = f_vjp(torch.tensor([1.0, 0.0, 0.0]))
_, col = jvp(f, (x,), (torch.tensor([1.0, 0.0]),))   # forward mode: u -> J u
print("first row:", row, " first column:", col)
# --- checks ---
J = torch.tensor([[3.0, 2.0], [4.0, 0.0], [0.0, 5.0]])   # the paper Jacobian at (2, 3)
assert torch.equal(jacrev(f)(x), J) and torch.equal(jacfwd(f)(x), J)
assert torch.equal(row, J[0]) and torch.equal(col, J[:, 0])
# every row is a VJP with a basis vector, every column a JVP with a basis vector
rows = torch.stack([f_vjp(e)[0] for e in torch.eye(3)])
cols = torch.stack([jvp(f, (x,), (e,))[1] for e in torch.eye(2)], dim=1)
assert torch.equal(rows, J) and torch.equal(cols, J)
n_vjps, n_jvps = 3, 2
# the VJP lesson's result: v = (1, 10, 100) gives (43, 502)
assert f_vjp(torch.tensor([1.0, 10.0, 100.0]))[0].tolist() == [43.0, 502.0]
# the same J as torch.autograd.functional.jacobian
assert torch.equal(torch.autograd.functional.jacobian(f, x), J)
# shapes: (outputs, inputs)
assert jacrev(f)(x).shape == (3, 2)
# a function to one number: jacrev gives the gradient, as a row of J
loss = lambda x: (x**2).sum()
assert torch.equal(jacrev(loss)(x), 2 * x) and torch.equal(jacfwd(loss)(x), 2 * x)
# chunk_size: the same J, computed one VJP at a time
assert torch.equal(jacrev(f, chunk_size=1)(x), J)
from torch.func import vmap
assert torch.equal(vmap(lambda e: f_vjp(e)[0], chunk_size=2)(torch.eye(3)), J)
# jvp returns the output too
out, _ = jvp(f, (x,), (torch.tensor([1.0, 0.0]),))
assert torch.equal(out, f(x)) and torch.equal(y, f(x))

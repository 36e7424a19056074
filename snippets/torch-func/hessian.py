import torch
from torch.func import grad, hessian


def cube(x):
    return x**3


x = torch.tensor(2.0)
print("grad(grad(cube)):", grad(grad(cube))(x), " hessian(cube):", hessian(cube)(x))

A = torch.tensor([[1.0, 2.0],
                  [0.0, 3.0]])


def quad(x):                           # the quadratic form x^T A x
    return x @ A @ x


H = hessian(quad)(torch.tensor([1.0, -1.0]))
print("hessian(quad):", H)
print("A + A.T:", A + A.T)
# --- checks ---
assert grad(grad(cube))(x).item() == 12.0 == 6 * 2 and hessian(cube)(x).item() == 12.0
assert grad(cube)(x).item() == 12.0 == 3 * 2**2
assert torch.equal(H, A + A.T)
assert H.tolist() == [[2.0, 2.0], [2.0, 6.0]]
# the Hessian of a quadratic form does not depend on x
torch.manual_seed(0)
assert torch.equal(hessian(quad)(torch.randn(2)), A + A.T)
# gradient (A + A^T) x
x0 = torch.tensor([1.0, -1.0])
assert torch.allclose(grad(quad)(x0), (A + A.T) @ x0)
# hessian is jacfwd(jacrev(.)); jacrev(jacrev(.)) gives the same numbers
from torch.func import jacfwd, jacrev
assert torch.equal(jacfwd(jacrev(quad))(x0), H) and torch.equal(jacrev(jacrev(quad))(x0), H)
# the same as torch.autograd.functional.hessian of the earlier lesson
assert torch.equal(torch.autograd.functional.hessian(quad, x0), H)
# the earlier lesson's f(x) = x1^2 x2 + x2^3 at (1, 2): H = [[4, 2], [2, 12]]
f2 = lambda x: x[0] ** 2 * x[1] + x[1] ** 3
assert hessian(f2)(torch.tensor([1.0, 2.0])).tolist() == [[4.0, 2.0], [2.0, 12.0]]

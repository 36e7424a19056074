import torch
from torch.autograd.functional import hessian, hvp


def f(x):
    return x[0] ** 2 * x[1] + x[1] ** 3


x = torch.tensor([1.0, 2.0], requires_grad=True)
v = torch.tensor([1.0, -1.0])

(g,) = torch.autograd.grad(f(x), x, create_graph=True)  # the gradient, as a graph
(Hv,) = torch.autograd.grad(g @ v, x, retain_graph=True)  # the gradient of g . v is H v
(vH,) = torch.autograd.grad(g, x, grad_outputs=v)  # the VJP v^T H of the gradient
print("gradient:", g)
print("H @ v by double backward:", Hv)
print("v^T H with grad_outputs: ", vH)

H = hessian(f, x)
print("Hessian:", H)
print("H @ v:  ", H @ v)
print("hvp():  ", hvp(f, x, v)[1])
# --- checks ---
assert g.tolist() == [4.0, 13.0]  # (2 x0 x1, x0^2 + 3 x1^2) at (1, 2)
assert H.tolist() == [[4.0, 2.0], [2.0, 12.0]]  # [[2 x1, 2 x0], [2 x0, 6 x1]]
assert Hv.tolist() == [2.0, -10.0] and (4 - 2, 2 - 12) == (2, -10)
assert torch.equal(Hv, H @ v) and torch.equal(Hv, hvp(f, x, v)[1])
assert x.grad is None
assert torch.equal(vH, Hv)
assert torch.equal(H, H.T)
assert hvp(f, x, v)[0].item() == f(x).item() == 10.0  # 1 * 2 + 2**3
vHv = (v @ H @ v).item()
assert vHv == 12.0 and v @ Hv == 12.0
(g3,) = torch.autograd.grad(f(x), x, create_graph=True)
torch.autograd.grad(g3 @ v, x)  # without retain_graph=True ...
try:
    torch.autograd.grad(g3, x, grad_outputs=v)  # ... the second call through the same graph fails
except RuntimeError as error:
    assert "backward through the graph a second time" in str(error)
else:
    raise AssertionError("the graph of g was not freed")

# snippet: graph=dydx
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x**3

(dydx,) = torch.autograd.grad(y, x, create_graph=True)  # record the backward pass too
print("dy/dx:  ", dydx)

(d2ydx2,) = torch.autograd.grad(dydx, x)  # differentiate the derivative
print("d2y/dx2:", d2ydx2)
# --- checks ---
assert dydx.item() == 12.0 and d2ydx2.item() == 12.0
assert 3 * 2**2 == 12 and 6 * 2 == 12  # 3x^2 and 6x at x = 2, on paper
assert dydx.requires_grad and dydx.grad_fn is not None
assert not d2ydx2.requires_grad
assert x.grad is None
assert torch.autograd.grad(y, x)[0].item() == 12.0  # y's graph was kept (retain_graph defaulted to True)
(d1,) = torch.autograd.grad(x**3, x, create_graph=True)
(d2,) = torch.autograd.grad(d1, x, create_graph=True)
(d3,) = torch.autograd.grad(d2, x)
assert d3.item() == 6.0  # a third derivative

# snippet: graph=loss
import torch
from torch.autograd import gradcheck


class SiLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        s = torch.sigmoid(x)
        ctx.save_for_backward(x, s)        # backward needs both: keep them
        return x * s

    @staticmethod
    def backward(ctx, grad_output):
        x, s = ctx.saved_tensors
        return grad_output * s * (1 + x * (1 - s))   # chain rule: grad_output * f'(x)


x = torch.tensor([-2.0, 0.0, 1.0], dtype=torch.float64, requires_grad=True)
w = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
y = SiLU.apply(x)                          # through apply, never forward directly
loss = (w * y).sum()
loss.backward()
print("y:", y)
print("x.grad:", x.grad)
print("node:", type(y.grad_fn).__name__)

torch.manual_seed(0)
r = torch.randn(5, dtype=torch.float64, requires_grad=True)
print("gradcheck:", gradcheck(SiLU.apply, (r,)))
# --- checks ---
import math

import torch.nn.functional as F

assert torch.allclose(y, F.silu(x))
xr = x.detach().clone().requires_grad_()
(w * F.silu(xr)).sum().backward()
assert torch.allclose(x.grad, xr.grad)                      # PyTorch's own SiLU agrees
assert x.grad[1].item() == 1.0 == 2 * 0.5                     # f'(0) = sigma(0) = 1/2, times w = 2
sig = lambda v: 1 / (1 + math.exp(-v))
for v, wv, g in zip((-2.0, 0.0, 1.0), (1.0, 2.0, 3.0), x.grad.tolist()):
    assert math.isclose(g, wv * sig(v) * (1 + v * (1 - sig(v))), rel_tol=1e-12)
node_name = type(y.grad_fn).__name__
assert node_name == "SiLUBackward"
assert [type(n).__name__ for n, _ in loss.grad_fn.next_functions] == ["MulBackward0"]
# inside forward autograd records nothing; ctx is the node that becomes y.grad_fn
inside = {}


class Spy(SiLU):
    @staticmethod
    def forward(ctx, x):
        inside.update(grad_enabled=torch.is_grad_enabled(), ctx=ctx)
        return SiLU.forward(ctx, x)


ys = Spy.apply(x)
forward_grad_enabled = inside["grad_enabled"]
assert forward_grad_enabled is False and inside["ctx"] is ys.grad_fn
# an input that needs no gradient: no node at all
assert SiLU.apply(x.detach()).grad_fn is None
# calling forward directly: no ctx to give it
try:
    SiLU.forward(None, x)
except AttributeError as e:
    direct_error = str(e)
assert "save_for_backward" in direct_error
random_check = gradcheck(SiLU.apply, (r,))
assert random_check is True


class Double(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 2


assert type(Double.forward(None, x).grad_fn).__name__ == "MulBackward0"   # recorded op by op
assert type(Double.apply(x).grad_fn).__name__ == "DoubleBackward"

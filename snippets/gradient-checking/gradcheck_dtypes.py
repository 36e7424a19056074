# snippet: raises=GradcheckError match="Jacobian mismatch for output 0 with respect to input 0"
# snippet: warns="is not a double precision floating point"
import torch
from torch.autograd import gradcheck


def f(x):
    return x**3


x64 = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
print("float64:", gradcheck(f, (x64,)))

x32 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)   # float32, the default
print("float32:", gradcheck(f, (x32,)))
# --- checks ---
import inspect

defaults = {name: p.default for name, p in inspect.signature(gradcheck).parameters.items()}
eps, atol, rtol = defaults["eps"], defaults["atol"], defaults["rtol"]
assert (eps, atol, rtol) == (1e-6, 1e-5, 1e-3)
assert gradcheck(f, (x64,)) is True
assert gradcheck(f, (x32,), raise_exception=False) is False
assert isinstance(raised, RuntimeError)
# the numerical column is a central difference with step eps, computed in float32
num32 = []
for i in range(3):
    step = torch.zeros(3)
    step[i] = eps
    num32.append(((f(x32.detach() + step) - f(x32.detach() - step)) / (2 * eps))[i].item())
assert all(f"{v:.4f}" in str(raised) for v in num32)
assert all(abs(a - b) > 0.01 for a, b in zip(num32, (3.0, 12.0, 27.0)))   # off in the first decimals
assert "analytical:tensor([[ 3.,  0.,  0.]," in str(raised)
# without requires_grad, gradcheck refuses before comparing anything
try:
    gradcheck(f, (x64.detach(),))
except ValueError as e:
    no_grad_error = e
assert "at least one input tensor to require gradient" in str(no_grad_error)
# loosened until float32 passes, the check also passes a backward that is 1% wrong
loose = dict(eps=1e-3, atol=1e-2, rtol=1e-2)
assert gradcheck(f, (x32,), **loose)


class SlightlyWrong(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x**2 * 1.01


assert gradcheck(SlightlyWrong.apply, (x32,), **loose)
assert not gradcheck(SlightlyWrong.apply, (x64,), raise_exception=False)
# the tolerance is about a thousandth of the entry, far below the float32 error
assert atol + rtol * abs(num32[2]) < 0.03 < abs(num32[2] - 27)

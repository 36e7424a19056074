# snippet: raises=GradcheckError match="Jacobian mismatch for output 0 with respect to input 0"
import torch
from torch.autograd import gradcheck


class BadCube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x         # bug: the derivative of x**3 is 3 * x**2


x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
print("gradcheck:", gradcheck(BadCube.apply, (x,)))
# --- checks ---
message = str(raised)
assert "numerical:tensor([[ 3.0000,  0.0000,  0.0000]," in message
assert "[ 0.0000, 12.0000,  0.0000]," in message and "[ 0.0000,  0.0000, 27.0000]]" in message
assert "analytical:tensor([[3., 0., 0.]," in message and "[0., 6., 0.]," in message and "[0., 0., 9.]]" in message
assert (3 * 1, 3 * 2, 3 * 3) == (3, 6, 9) and (3 * 1**2, 3 * 2**2, 3 * 3**2) == (3, 12, 27)
# at x = 1 alone, 3x = 3x^2 and the bug is invisible; at 0 too
one = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
passes_at_one = gradcheck(BadCube.apply, (one,))
assert passes_at_one is True
assert gradcheck(BadCube.apply, (torch.zeros(1, dtype=torch.float64, requires_grad=True),))
# random inputs catch it
torch.manual_seed(0)
assert not gradcheck(BadCube.apply, (torch.randn(3, dtype=torch.float64, requires_grad=True),), raise_exception=False)
# gradcheck prints one row per input element, one column per output element (the transpose of J)
class TwoOut(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.stack([x[0], 5 * x[1]])

    @staticmethod
    def backward(ctx, g):
        return torch.stack([g[0], g[1], 7 * g[1]])


try:
    gradcheck(TwoOut.apply, (x,))
except RuntimeError as e:
    layout = str(e)
assert "numerical:tensor([[1.0000, 0.0000],\n        [0.0000, 5.0000],\n        [0.0000, 0.0000]]" in layout

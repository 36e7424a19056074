# snippet: raises=GradcheckError match="Jacobian mismatch for output 0 with respect to input 1"
import torch
from torch.autograd import gradcheck


class Divide(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x / y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        grad_x = grad_output / y
        grad_y = grad_output * x / y**2
        return grad_x, grad_y              # one gradient per input of forward, in order


torch.manual_seed(0)
x = torch.randn(3, dtype=torch.float64, requires_grad=True)
y = torch.rand(3, dtype=torch.float64).add(0.5).requires_grad_()   # between 0.5 and 1.5
print("gradcheck:", gradcheck(Divide.apply, (x, y)))
# --- checks ---
message = str(raised)
assert "with respect to input 1," in message              # y, the second input; x passed
xd, yd = x.detach(), y.detach()
assert ((yd > 0.5) & (yd < 1.5)).all()
true_grad_y = -xd / yd**2
# the numerical diagonal is -x / y^2, the analytical one +x / y^2: same numbers, opposite signs
numerical_diag = true_grad_y.tolist()
assert all(f"{v:.4f}" in message for v in numerical_diag)
assert all(f"{-v:.4f}" in message for v in numerical_diag)
# an input without requires_grad is skipped without a word: the bug in grad_y goes unseen
assert gradcheck(Divide.apply, (x, y.detach())) is True

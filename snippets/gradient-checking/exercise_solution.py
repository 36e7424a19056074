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
        grad_y = -grad_output * x / y**2   # d(x/y)/dy = -x / y**2: the minus sign was missing
        return grad_x, grad_y


torch.manual_seed(0)
x = torch.randn(3, dtype=torch.float64, requires_grad=True)
y = torch.rand(3, dtype=torch.float64).add(0.5).requires_grad_()   # between 0.5 and 1.5
print("gradcheck:", gradcheck(Divide.apply, (x, y)))
# --- checks ---
Divide.apply(x, y).sum().backward()
ours = (x.grad.clone(), y.grad.clone())
x.grad = y.grad = None
(x / y).sum().backward()                                  # PyTorch's own division agrees
assert torch.allclose(ours[0], x.grad) and torch.allclose(ours[1], y.grad)


class BrokenDivide(Divide):
    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        return grad_output / y, grad_output * x / y**2


# at x = 0 the wrong sign multiplies a zero: the broken backward passes there
x0 = torch.zeros(3, dtype=torch.float64, requires_grad=True)
broken_passes_at_zero = gradcheck(BrokenDivide.apply, (x0, y))
assert broken_passes_at_zero is True
assert not gradcheck(BrokenDivide.apply, (x, y), raise_exception=False)

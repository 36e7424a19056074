# snippet: raises=RuntimeError match="returned an incorrect number of gradients (expected 2, got 1)"
import torch


class ScaledSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, a):
        ctx.save_for_backward(x, a)
        return a * x**2

    @staticmethod
    def backward(ctx, grad_output):
        x, a = ctx.saved_tensors
        return grad_output * 2 * a * x     # only the gradient for x


x = torch.tensor([1.0, 2.0], requires_grad=True)
a = torch.tensor(3.0)                      # a constant: needs no gradient
ScaledSquare.apply(x, a).sum().backward()
# --- checks ---
assert "ScaledSquareBackward" in str(raised)


class Fixed(ScaledSquare):
    @staticmethod
    def backward(ctx, grad_output):
        x, a = ctx.saved_tensors
        grad_x = grad_a = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output * 2 * a * x
        if ctx.needs_input_grad[1]:
            grad_a = (grad_output * x**2).sum()
        return grad_x, grad_a              # one per input of forward, None where none is needed


x.grad = None
Fixed.apply(x, a).sum().backward()
assert x.grad.tolist() == [6.0, 12.0] == [2 * 3 * 1, 2 * 3 * 2]
fixed_grad = x.grad
a2 = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
x2 = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
assert torch.autograd.gradcheck(Fixed.apply, (x2, a2))
# needs_input_grad: one flag per input of forward
seen = []


class Peek(ScaledSquare):
    @staticmethod
    def backward(ctx, grad_output):
        seen.append(tuple(ctx.needs_input_grad))
        x, a = ctx.saved_tensors
        return grad_output * 2 * a * x, None


Peek.apply(x, a).sum().backward()
assert seen == [(True, False)]
needs = seen[0]

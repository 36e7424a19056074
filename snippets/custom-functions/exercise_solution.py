import torch
import torch.nn.functional as F
from torch.autograd import gradcheck


class Softplus(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.log1p(torch.exp(x))       # log(1 + e^x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)  # chain rule: times the incoming gradient


torch.manual_seed(0)
x = torch.randn(3, dtype=torch.float64, requires_grad=True)
print("gradcheck:", gradcheck(Softplus.apply, (x,)))
Softplus.apply(x).mean().backward()            # a loss whose grad_output is not all ones
print("x.grad:   ", x.grad)
print("reference:", torch.sigmoid(x.detach()) / 3)
# --- checks ---
assert torch.allclose(x.grad, torch.sigmoid(x.detach()) / 3)
xr = x.detach().clone().requires_grad_()
F.softplus(xr).mean().backward()
assert torch.allclose(x.grad, xr.grad)                     # PyTorch's own softplus agrees


class Broken(Softplus):
    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return torch.sigmoid(x)


xb = x.detach().clone().requires_grad_()
Broken.apply(xb).mean().backward()
mean_ratio = (xb.grad / x.grad)[0].item()
assert abs(mean_ratio - 3.0) < 1e-12                       # with mean(), the broken one is 3x too large
# with sum() grad_output is all ones, so the bug is invisible
g = torch.autograd.grad(Broken.apply(xb).sum(), xb)[0]
assert torch.equal(g, torch.sigmoid(xb.detach()))
ones = []
xo = x.detach().clone().requires_grad_()
xo_out = Softplus.apply(xo)
xo_out.register_hook(lambda grad: ones.append(grad))
xo_out.sum().backward()
assert torch.equal(ones[0], torch.ones(3, dtype=torch.float64))

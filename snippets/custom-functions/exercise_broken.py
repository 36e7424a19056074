# snippet: raises=GradcheckError match="Jacobian mismatch for output 0 with respect to input 0"
import torch
from torch.autograd import gradcheck


class Softplus(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.log1p(torch.exp(x))       # log(1 + e^x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return torch.sigmoid(x)                # d/dx log(1 + e^x) = sigmoid(x)


torch.manual_seed(0)
x = torch.randn(3, dtype=torch.float64, requires_grad=True)
Softplus.apply(x).sum().backward()             # the author's test
print("x.grad:    ", x.grad)
print("sigmoid(x):", torch.sigmoid(x.detach()))
print("gradcheck:", gradcheck(Softplus.apply, (x,)))
# --- checks ---
message = str(raised)
s = torch.sigmoid(x.detach())
assert torch.equal(x.grad, s)                  # the sum test agrees exactly
# numerical Jacobian: diagonal sigmoid(x); analytical: every output's backward returns all of sigmoid(x)
assert "numerical:tensor([[" in message and "analytical:tensor([[" in message
analytical = message.split("analytical:")[1]
for v in s.tolist():
    assert analytical.count(f"{v:.4f}") == 3       # each value fills a whole row of 3

# snippet: raises=RuntimeError match="grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3])"
import torch

def f(x):
    x1, x2 = x
    return torch.stack([x1 * x2, x1**2, 5 * x2])

x = torch.tensor([2.0, 3.0], requires_grad=True)
y = f(x)
y.backward(gradient=torch.ones_like(x))  # shaped like x, but v needs the shape of y
# --- checks ---
assert str(raised).startswith("Mismatch in shape")
assert x.grad is None

# snippet: raises=RuntimeError match="grad can be implicitly created only for scalar outputs"
import torch

def f(x):
    x1, x2 = x
    return torch.stack([x1 * x2, x1**2, 5 * x2])

x = torch.tensor([2.0, 3.0], requires_grad=True)
y = f(x)
print("y.shape:", y.shape, " x.shape:", x.shape)
y.backward()  # three outputs, room for two numbers in x.grad: which gradient?
# --- checks ---
assert tuple(y.shape) == (3,) and tuple(x.shape) == (2,)
assert x.grad is None
assert type(y.grad_fn).__name__ == "StackBackward0"
assert str(raised) == "grad can be implicitly created only for scalar outputs"

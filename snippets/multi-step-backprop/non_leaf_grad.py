# snippet: warns="not a leaf Tensor"
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
out = (10 * y**2).mean()
out.backward()

print("x.grad.shape:", x.grad.shape)
print("y.grad:", y.grad)
# --- checks ---
import warnings

assert x.grad is not None and not y.is_leaf
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    y_grad = y.grad  # what the last line printed, read again without a second warning
    assert y_grad is None

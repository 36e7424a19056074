# snippet: raises=TypeError match="unsupported operand type(s) for *: 'float' and 'NoneType'"
# snippet: warns="not a leaf Tensor"
import torch

x, y = torch.tensor(1.0), torch.tensor(2.0)
w = torch.tensor(1.0, requires_grad=True)
lr = 0.01

for step in range(2):
    loss = (w * x - y) ** 2
    loss.backward()                  # runs at both steps
    print(f"step {step}: w.is_leaf = {w.is_leaf}")
    w = w - lr * w.grad              # without no_grad: a new w, made by a subtraction
# --- checks ---
import warnings

assert step == 1 and not w.is_leaf and w.grad_fn.name() == "SubBackward0"
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    w_grad = w.grad                  # what the failing line read: a non-leaf keeps no .grad
assert w_grad is None
# the same mistake under no_grad: the new w does not require grad, the next backward() raises
v = torch.tensor(1.0, requires_grad=True)
((v * x - y) ** 2).backward()
with torch.no_grad():
    v = v - lr * v.grad
v_requires_grad = v.requires_grad
assert v_requires_grad is False and v.is_leaf
try:
    ((v * x - y) ** 2).backward()
except RuntimeError as error:
    no_grad_raised = error
else:
    raise AssertionError("backward() on a loss that requires no grad did not raise")
assert "does not require grad and does not have a grad_fn" in str(no_grad_raised)

# snippet: raises=RuntimeError match="does not require grad and does not have a grad_fn"
import torch

x = torch.tensor(2.0, requires_grad=True)
(dydx,) = torch.autograd.grad(x**3, x)  # no create_graph=True
print("dy/dx:", dydx)
torch.autograd.grad(dydx, x)
# --- checks ---
assert "create_graph" not in str(raised)  # the message does not name the cause
assert dydx.item() == 12.0 and not dydx.requires_grad and dydx.grad_fn is None
# the same error for a derivative that really is a constant: d(3x)/dx = 3, even with create_graph=True
x2 = torch.tensor(2.0, requires_grad=True)
(d,) = torch.autograd.grad(3 * x2, x2, create_graph=True)
assert d.item() == 3.0 and not d.requires_grad
try:
    torch.autograd.grad(d, x2)
except RuntimeError as error:
    assert "does not require grad" in str(error)
else:
    raise AssertionError("grad of a constant derivative did not raise")

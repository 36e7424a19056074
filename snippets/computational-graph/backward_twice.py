# snippet: raises=RuntimeError match="backward through the graph a second time"
import torch

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
out = 2 * a * b + a**2

out.backward()
print("a.grad:", a.grad, " b.grad:", b.grad)
print("out.grad_fn is still there:", type(out.grad_fn).__name__)
out.backward()  # the values saved for the backward pass are gone
# --- checks ---
assert "retain_graph=True" in str(raised)  # the message says what to do
assert (a.grad.item(), b.grad.item()) == (10.0, 4.0)  # what the first call produced; the second added nothing

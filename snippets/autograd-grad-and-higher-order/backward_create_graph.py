# snippet: warns="reference cycle between the parameter and its gradient"
import torch

x = torch.tensor(2.0, requires_grad=True)
(x**3).backward(create_graph=True)
print("x.grad:", x.grad)

(d2,) = torch.autograd.grad(x.grad, x)
print("second derivative:", d2)
x.grad = None  # break the cycle once you are done
# --- checks ---
assert d2.item() == 12.0
x2 = torch.tensor(2.0, requires_grad=True)
(x2**3).backward(create_graph=True)
assert x2.grad.item() == 12.0 and x2.grad.grad_fn is not None
grad_fn_of_grad = x2.grad.grad_fn.name()
assert x.grad is None

import torch
from torch.func import grad, grad_and_value


def loss(w, b):
    return (2 * w + b) ** 2            # the loss of the torch.autograd.grad lesson


w = torch.tensor(3.0)                  # plain tensors: no requires_grad
b = torch.tensor(1.0)

dloss_dw = grad(loss)                  # a new function: (w, b) -> d loss / d w
print("d/dw:", dloss_dw(w, b))
print("again:", dloss_dw(w, b))        # nothing accumulates
print("d/dw, d/db:", grad(loss, argnums=(0, 1))(w, b))
print("grad_and_value:", grad_and_value(loss)(w, b))   # (gradient, loss), one run
print("w.requires_grad:", w.requires_grad, " w.grad:", w.grad)


def loss_and_h(w, b):
    h = 2 * w + b
    return h**2, h                     # (the number to differentiate, anything else)


g, h = grad(loss_and_h, has_aux=True)(w, b)
print("gradient:", g, " aux:", h)
# --- checks ---
assert callable(dloss_dw) and not isinstance(dloss_dw, torch.Tensor)
first, second = dloss_dw(w, b), dloss_dw(w, b)
assert first.item() == second.item() == 28.0 == 2 * (2 * 3 + 1) * 2
both = grad(loss, argnums=(0, 1))(w, b)
assert isinstance(both, tuple) and [t.item() for t in both] == [28.0, 14.0]
assert 2 * (2 * 3 + 1) == 14
assert w.grad is None and not w.requires_grad and not first.requires_grad
assert g.item() == 28.0 and h.item() == 7.0
# the same numbers as torch.autograd.grad in the earlier lesson
wr, br = torch.tensor(3.0, requires_grad=True), torch.tensor(1.0, requires_grad=True)
assert [t.item() for t in torch.autograd.grad(loss(wr, br), (wr, br))] == [28.0, 14.0]
# a non-scalar output is refused
try:
    grad(lambda x: x**2)(torch.tensor([1.0, 2.0]))
except RuntimeError as e:
    nonscalar_full = str(e)
else:
    raise AssertionError("grad accepted a non-scalar output")
assert "Expected f(*args) to return a scalar Tensor, got tensor with 1 dims." in nonscalar_full
assert "Maybe you wanted to use the vjp or jacrev APIs instead?" in nonscalar_full
nonscalar_message = "to return a scalar Tensor, got tensor with 1 dims"
assert nonscalar_message in nonscalar_full
# stricter than backward(): a one-element tensor of shape (1,) is refused too
try:
    grad(lambda x: (x**2).sum().reshape(1))(torch.tensor([1.0, 2.0]))
except RuntimeError as e:
    assert nonscalar_message in str(e), str(e)
else:
    raise AssertionError("grad accepted shape (1,)")
xb = torch.tensor([1.0, 2.0], requires_grad=True)
(xb**2).sum().reshape(1).backward()
assert xb.grad.tolist() == [2.0, 4.0]
# grad_and_value: the gradient and the value of the loss, (2 * 3 + 1) ** 2 = 49
gv = grad_and_value(loss)(w, b)
assert isinstance(gv, tuple) and gv[0].item() == 28.0 and gv[1].item() == 49.0 == (2 * 3 + 1) ** 2
gv_value = gv[1].item()
# without has_aux, returning a tuple is refused
try:
    grad(loss_and_h)(w, b)
except RuntimeError as e:
    assert "Expected f(*args) to return a Tensor, got <class 'tuple'>" in str(e), str(e)
else:
    raise AssertionError("tuple accepted")

import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
c = torch.tensor([1.0, -4.0, 10.0])
y = x**2
loss = (c * y).sum()

y.retain_grad()                                      # keep y.grad as well
y.register_hook(lambda grad: grad.clamp(-2.0, 2.0))  # return a new gradient
loss.backward()

print("y.grad:", y.grad)
print("x.grad:", x.grad)
# --- checks ---
assert torch.equal(y.grad, torch.tensor([1.0, -2.0, 2.0]))
assert torch.equal(x.grad, torch.tensor([2.0, -8.0, 12.0]))
assert torch.equal(x.grad, 2 * x.detach() * y.grad)     # the chain rule used the clamped gradient
assert (2 * 1 * 1, 2 * 2 * -2, 2 * 3 * 2) == (2, -8, 12)
assert y.retains_grad
# without the hook: x.grad would be c * 2x
x_plain = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(c * x_plain**2).sum().backward()
assert torch.equal(x_plain.grad, torch.tensor([2.0, -16.0, 60.0]))
# retain_grad registered after the hook gives the same y.grad: it always runs last
x3 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y3 = x3**2
y3.register_hook(lambda g: g.clamp(-2.0, 2.0))
y3.retain_grad()
(c * y3).sum().backward()
assert torch.equal(y3.grad, y.grad)
# a hook on the leaf itself: what it returns is what is accumulated into .grad
x4 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
x4.register_hook(lambda g: g.clamp(-2.0, 2.0))
(c * x4**2).sum().backward()
leaf_hooked = x4.grad
assert torch.equal(leaf_hooked, torch.tensor([2.0, -2.0, 2.0]))
# a hook on a tensor that does not require grad is refused
try:
    c.register_hook(lambda g: g)
except RuntimeError as e:
    no_grad_message = str(e)
else:
    raise AssertionError("register_hook accepted a tensor that does not require grad")
assert "doesn't require gradient" in no_grad_message

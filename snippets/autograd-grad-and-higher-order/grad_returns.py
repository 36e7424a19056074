import torch

w = torch.tensor(3.0, requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)
loss = (2 * w + b) ** 2

grads = torch.autograd.grad(loss, (w, b), retain_graph=True)  # keep the graph for a 2nd call
print("grads:", grads)
print("w.grad:", w.grad, " b.grad:", b.grad)

dw, db = torch.autograd.grad(loss, (w, b))  # the same graph again; this call frees it
print("again: ", dw, db)
print("w.grad:", w.grad)
# --- checks ---
assert isinstance(grads, tuple) and len(grads) == 2
assert (grads[0].item(), grads[1].item()) == (28.0, 14.0)
assert (dw.item(), db.item()) == (28.0, 14.0)       # not doubled: nothing was accumulated
assert w.grad is None and b.grad is None
assert loss.item() == 49.0
assert (2 * (2 * 3 + 1) * 2, 2 * (2 * 3 + 1)) == (28, 14)  # the paper derivatives
doubled_tuple = grads * 2  # the pitfall: a tuple times 2 repeats the tuple
assert isinstance(doubled_tuple, tuple) and len(doubled_tuple) == 4
# grad_outputs: the v of backward(gradient=v), for an output with several elements
xs = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
vs = torch.tensor([1.0, 0.5, -1.0])
(vjp,) = torch.autograd.grad(xs**2, xs, grad_outputs=vs)
(xs**2).backward(gradient=vs)
assert torch.equal(vjp, xs.grad) and vjp.tolist() == [2.0, 2.0, -6.0]
try:
    torch.autograd.grad(xs**2, xs)
except RuntimeError as error:
    assert "only for scalar outputs" in str(error)
else:
    raise AssertionError("grad() of a non-scalar output without grad_outputs did not raise")
# without retain_graph=True, the second call raises the error of the computational-graph lesson
w2 = torch.tensor(3.0, requires_grad=True)
loss2 = (2 * w2 + 1) ** 2
torch.autograd.grad(loss2, w2)
try:
    torch.autograd.grad(loss2, w2)
except RuntimeError as error:
    assert "backward through the graph a second time" in str(error)
else:
    raise AssertionError("a second grad() through a freed graph did not raise")
# backward() on the same loss does accumulate, for contrast
w3 = torch.tensor(3.0, requires_grad=True)
loss3 = (2 * w3 + 1) ** 2
loss3.backward(retain_graph=True)
loss3.backward()
assert w3.grad.item() == 56.0

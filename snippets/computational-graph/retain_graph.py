import torch

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
out = 2 * a * b + a**2

out.backward(retain_graph=True)  # keep the saved values for another pass
print("after 1st backward:", a.grad, b.grad)

out.backward()  # allowed; this call frees the graph
print("after 2nd backward:", a.grad, b.grad)

a.grad = None  # reset before computing a new gradient
b.grad = None
print("after reset:       ", a.grad, b.grad)
# --- checks ---
MESSAGE = "Trying to backward through the graph a second time"


def fresh():
    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(3.0, requires_grad=True)
    return a, b, 2 * a * b + a**2


a, b, out = fresh()
assert out.item() == 16.0
out.backward(retain_graph=True)
assert (a.grad.item(), b.grad.item()) == (10.0, 4.0)
assert (2 * 3 + 2 * 2, 2 * 2) == (10, 4)
out.backward()
assert (a.grad.item(), b.grad.item()) == (20.0, 8.0)
a_grad_after_two, b_grad_after_two = a.grad.clone(), b.grad.clone()  # what the 2nd line printed
assert torch.equal(a_grad_after_two, 2 * torch.tensor(10.0)) and torch.equal(b_grad_after_two, 2 * torch.tensor(4.0))
try:
    out.backward()  # the second call did not retain: freed now
except RuntimeError as error:
    assert str(error).startswith(MESSAGE)
else:
    raise AssertionError("third backward did not raise")
a, b, out = fresh()
out.backward()
try:
    out.backward()
except RuntimeError as error:
    assert str(error).startswith(MESSAGE) and "retain_graph=True" in str(error)
else:
    raise AssertionError("second backward did not raise")
assert (a.grad.item(), b.grad.item()) == (10.0, 4.0)  # the failed call added nothing
assert (2 * 3, 2 * 2) == (6, 4)
a, b, out = fresh()
out.backward()
a.grad.zero_()
assert a.grad.item() == 0.0

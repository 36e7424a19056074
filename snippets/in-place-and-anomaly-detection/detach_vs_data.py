# snippet: raises=RuntimeError match="is at version 1; expected version 0 instead"
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

h = x * 2
y = h ** 2                          # PowBackward0 saves h
h.data.sigmoid_()                   # write through .data: the counter does not move
print(".data:    h._version =", h._version)
y.sum().backward()
print("x.grad:  ", x.grad)          # should be 8x = [8, 16, 24]

h = x * 2
y = h ** 2
h.detach().sigmoid_()               # write through detach(): the counter moves
print("detach(): h._version =", h._version)
y.sum().backward()
# --- checks ---
# the silent gradient is exactly what PowBackward0 computes from the overwritten h: 2h * 2 with h = sigmoid(2x)
x0 = torch.tensor([1.0, 2.0, 3.0])
assert torch.allclose(x.grad, 4 * torch.sigmoid(2 * x0))
assert not torch.allclose(x.grad, 8 * x0)
data_grad = x.grad
assert [round(v, 4) for v in data_grad.tolist()] == [3.5232, 3.9281, 3.9901]
assert h._version == 1
# .data gets a counter of its own, detach() shares the original's
a = torch.tensor([1.0, 2.0], requires_grad=True) * 1
d = a.detach()
d.add_(1)
assert a._version == 1 and d._version == 1
a.data.add_(1)
assert a._version == 1
assert a.detach().data_ptr() == a.data_ptr() == a.data.data_ptr()
assert "output 0 of Mul" in str(raised)
import re

which = re.search(r"output \d+ of \w+", str(raised)).group()
assert which == "output 0 of Mul"
hd = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2   # the .data half again, for its version
hd.data.sigmoid_()
data_version = hd._version
assert data_version == 0

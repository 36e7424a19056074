import torch
from tiny import Value

a = Value(2.0)
b = a * a
c = b * b                          # c = a**4, dc/da = 4 * a**3 = 32
c.backward()
print("ours,  first call: ", a.grad)
c.backward()                       # no zeroing in between
print("ours,  second call:", a.grad)

t = torch.tensor(2.0, requires_grad=True)
u = t * t
v = u * u
v.backward(retain_graph=True)
print("torch, first call: ", t.grad.item())
v.backward()
print("torch, second call:", t.grad.item())
# --- checks ---
assert 4 * 2.0**3 == 32.0
first_ours, second_ours = 32.0, a.grad
assert second_ours == 96.0                 # b.grad kept its 8 and got 8 more: 32 + 4 * 16
assert t.grad.item() == 64.0               # torch: leaves accumulate, intermediate buffers start fresh
assert b.grad == 16.0
# the fix: a new forward pass (a new graph) and zeroed leaves
a.grad = 0.0
b = a * a
c = b * b
c.backward()
assert a.grad == 32.0
second_torch = t.grad.item()

# snippet: raises=RecursionError match="maximum recursion depth exceeded"
import torch
from tiny import Value

t = torch.tensor(1.0, requires_grad=True)
y = t
for _ in range(10_000):
    y = y * 1.0                     # a chain of 10,000 multiplications
y.backward()
print("torch:", t.grad.item())

x = Value(1.0)
y = x
for _ in range(10_000):
    y = y * 1.0
y.backward()
print("ours: ", x.grad)
# --- checks ---
import sys

assert t.grad.item() == 1.0
limit = sys.getrecursionlimit()                 # Python's default, about a thousand calls deep
assert limit == 1000
assert isinstance(raised, RecursionError)

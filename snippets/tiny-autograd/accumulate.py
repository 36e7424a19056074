from tiny import Value

x = Value(3.0)
y = x * x                        # the * node has x as both of its parents
y.backward()
print("y = x * x:          x.grad =", x.grad)

a = Value(3.0)
b = a + a                        # b uses a twice, and c uses a once more
c = b * a
c.backward()
print("c = (a + a) * a:    a.grad =", a.grad)


class Forgetful(Value):          # the same engine, with = instead of += in +
    def __add__(self, other):
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad = out.grad
            other.grad = out.grad
        out._backward = _backward
        return out


f = Forgetful(3.0)
g = f + f
g.backward()
print("g = f + f, with =:  f.grad =", f.grad)
# --- checks ---
import math

import torch

assert x.grad == 2 * 3.0 == 6.0                     # d(x^2)/dx = 2x
assert b.grad == a.data == 3.0                      # dc/db = a
assert a.grad == 1 * 3.0 + 1 * 3.0 + b.data == 12.0 # two branches through b, one direct: 4a
t = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
((t + t) * t).backward()
assert t.grad.item() == a.grad
h = Value(3.0)
(h + h).backward()
assert h.grad == 2.0 and f.grad == 1.0              # d(f + f)/df is 2: Forgetful lost one branch
y_grad, c_grad, forgetful_grad = x.grad, a.grad, f.grad

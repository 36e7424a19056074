import math

import torch
from tiny import Value


def exp(self):
    e = math.exp(self.data)
    out = Value(e, (self,), "exp")

    def _backward():               # d exp(a)/da = exp(a)
        self.grad += e * out.grad
    out._backward = _backward
    return out


Value.exp = exp                    # every Value now has .exp()

x, w, b = Value(1.5), Value(0.8), Value(0.1)
sig = (1 + (-(w * x + b)).exp()) ** -1     # sigmoid(w*x + b)
sig.backward()

tx, tw, tb = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (1.5, 0.8, 0.1))
tsig = torch.sigmoid(tw * tx + tb)
tsig.backward()

print(f"ours:  sig={sig.data:.6f}  w.grad={w.grad:.6f}  b.grad={b.grad:.6f}  x.grad={x.grad:.6f}")
print(f"torch: sig={tsig.item():.6f}  w.grad={tw.grad.item():.6f}  b.grad={tb.grad.item():.6f}  x.grad={tx.grad.item():.6f}")
# --- checks ---
assert math.isclose(sig.data, tsig.item(), rel_tol=1e-12)
for ours, theirs in ((w, tw), (b, tb), (x, tx)):
    assert math.isclose(ours.grad, theirs.grad.item(), rel_tol=1e-12)
s = sig.data
assert math.isclose(b.grad, s * (1 - s))                      # sigma' = sigma (1 - sigma)
assert math.isclose(w.grad, s * (1 - s) * 1.5) and math.isclose(x.grad, s * (1 - s) * 0.8)
# exp alone, twice in one expression
y = Value(0.3)
z = y.exp() * y.exp()
z.backward()
assert math.isclose(y.grad, 2 * math.exp(0.6))

from tiny import Value

x1, x2 = Value(1.5), Value(-0.5)   # inputs
w1, w2 = Value(0.8), Value(-1.2)   # weights
b = Value(0.1)                     # bias
x1w1 = x1 * w1
x2w2 = x2 * w2
s = x1w1 + x2w2
n = s + b
o = n.tanh()
o.backward()

for name, v in [("o", o), ("n", n), ("s", s), ("x1w1", x1w1), ("x2w2", x2w2),
                ("w1", w1), ("w2", w2), ("b", b), ("x1", x1), ("x2", x2)]:
    print(f"{name:4} {v}")
# --- checks ---
import math

assert math.isclose(n.data, 1.5 * 0.8 + (-0.5) * (-1.2) + 0.1) and math.isclose(n.data, 1.9)
assert math.isclose(o.data, math.tanh(1.9))
dn = 1 - math.tanh(1.9) ** 2                    # do/dn
assert math.isclose(n.grad, dn) and n.grad == s.grad == b.grad == x1w1.grad == x2w2.grad
assert math.isclose(w1.grad, dn * 1.5) and math.isclose(x1.grad, dn * 0.8)
assert math.isclose(w2.grad, dn * -0.5) and math.isclose(x2.grad, dn * -1.2)
dn_value = n.grad

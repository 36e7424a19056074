import math


class Value:
    """A number that remembers how it was computed, and its gradient."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0                    # d(output)/d(self), filled in by backward()
        self._parents = parents            # the Values this one was computed from
        self._op = op                      # the operation that made it (for printing)
        self._backward = lambda: None      # a leaf has nothing to pass on

    def __repr__(self):
        return f"Value(data={self.data:.4f}, grad={self.grad:.4f})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():                   # d(a + b)/da = d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():                   # d(a * b)/da = b, d(a * b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):                  # k is a constant number, not a Value
        out = Value(self.data**k, (self,), f"**{k}")

        def _backward():                   # d(a**k)/da = k * a**(k - 1)
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():                   # d tanh(a)/da = 1 - tanh(a)**2
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):                     # -a, a - b and the mirrored forms, from + and *
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):             # 2 + a
        return self + other

    def __rmul__(self, other):             # 2 * a
        return self * other

    def __rsub__(self, other):             # 2 - a
        return (-self) + other

    def backward(self):
        order, seen = [], set()

        def visit(v):                      # depth-first: a node after all its parents
            if v not in seen:
                seen.add(v)
                for parent in v._parents:
                    visit(parent)
                order.append(v)

        visit(self)
        self.grad = 1.0                    # d(self)/d(self)
        for v in reversed(order):          # each node after every node that uses it
            v._backward()
# --- checks ---
if __name__ == "__main__":  # checked when it runs as a snippet, not when the others import it
    import torch

    a, b = Value(2.0), Value(-3.0)
    out = (a * b + a**2 - b).tanh() + 2 - a
    out.backward()
    ta = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(-3.0, dtype=torch.float64, requires_grad=True)
    tout = (ta * tb + ta**2 - tb).tanh() + 2 - ta
    tout.backward()
    assert math.isclose(out.data, tout.item(), rel_tol=1e-12)
    assert math.isclose(a.grad, ta.grad.item(), rel_tol=1e-12) and math.isclose(b.grad, tb.grad.item(), rel_tol=1e-12)
    c = Value(1.5)
    d = 2 * c - 1 + 3 * (1 - c)
    d.backward()
    assert c.grad == 2 - 3

from tiny import Value


def backward_too_early(out):       # depth-first, each node once, but no topological order
    out.grad = 1.0
    seen = set()

    def visit(v):
        seen.add(v)
        v._backward()              # passes v.grad on: is it complete yet?
        for parent in v._parents:
            if parent not in seen:
                visit(parent)

    visit(out)


a = Value(2.0)
b = 3 * a
out = b + b * b                    # b is used by + and by *
backward_too_early(out)
print("no topological order: a.grad =", a.grad)

a = Value(2.0)
b = 3 * a
out = b + b * b
out.backward()
print("topological order:    a.grad =", a.grad)
# --- checks ---
assert a.grad == (1 + 2 * 6.0) * 3 == 39.0        # d(b + b^2)/da = (1 + 2b) * 3, b = 6
early = Value(2.0)
b = 3 * early
out = b + b * b
backward_too_early(out)
assert early.grad == 3.0                          # only the direct branch: 1 * 3
early_grad, right_grad = early.grad, a.grad

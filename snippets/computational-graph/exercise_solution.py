import torch

u = torch.tensor(1.0, requires_grad=True)
v = torch.tensor(2.0, requires_grad=True)
q = (u + v) * u

names = {id(u): "u", id(v): "v"}


def walk(node, depth=0):
    if node is None:
        print("    " * depth + "None")
        return
    label = type(node).__name__
    if hasattr(node, "variable"):
        label += " -> " + names[id(node.variable)]
    print("    " * depth + label)
    for child, _ in node.next_functions:
        walk(child, depth + 1)


walk(q.grad_fn)
q.backward()
print("q:", q.item(), " dq/du:", u.grad.item(), " dq/dv:", v.grad.item())
# --- checks ---
assert q.item() == 3.0
assert u.grad.item() == 4.0 and v.grad.item() == 1.0
assert (2 * 1 + 2, 1) == (4, 1)
assert 1**2 + 1 * 2 == 3  # q = u² + uv = 1 + 2
import contextlib
import io

printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    walk(q.grad_fn)
assert printed.getvalue().count("AccumulateGrad -> u") == 2  # "printed twice", as the solution says
assert q.grad_fn.name() == "MulBackward0"  # the root is a multiplication
mul = q.grad_fn
add, acc_u2 = (f for f, _ in mul.next_functions)
acc_u1, acc_v = (f for f, _ in add.next_functions)
assert acc_u1 is acc_u2 and acc_u1.variable is u and acc_v.variable is v

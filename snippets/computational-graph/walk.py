import torch

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
out = 2 * a * b + a**2

names = {id(a): "a", id(b): "b"}


def walk(node, depth=0):
    if node is None:  # an input that needs no gradient (here: the constant 2)
        print("    " * depth + "None")
        return
    label = type(node).__name__
    if hasattr(node, "variable"):  # AccumulateGrad: the entry point of a leaf
        label += " -> " + names[id(node.variable)]
    print("    " * depth + label)
    for child, _ in node.next_functions:
        walk(child, depth + 1)


walk(out.grad_fn)
# --- checks ---
assert out.grad_fn.name() == "AddBackward0"  # the root, first line of the walk
add = out.grad_fn
mul_b, power = (f for f, _ in add.next_functions)
mul_2, acc_b = (f for f, _ in mul_b.next_functions)
acc_a1, const = (f for f, _ in mul_2.next_functions)
(acc_a2, _), = power.next_functions
assert const is None
assert acc_a1 is acc_a2 and acc_a1.variable is a  # one node for a, reached by two paths
assert acc_b.variable is b
assert acc_a1.next_functions == ()
try:
    None.next_functions
except AttributeError:
    pass
else:
    raise AssertionError

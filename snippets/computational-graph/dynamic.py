import torch


def f(x):
    y = x
    while y.abs() < 10:  # how many steps depends on the value of x
        y = y * 2
    return y


def chain(node):
    names = []
    while node is not None:
        names.append(type(node).__name__)
        node = node.next_functions[0][0] if node.next_functions else None
    return " <- ".join(names)


for start in [3.0, 0.5]:
    x = torch.tensor(start, requires_grad=True)
    y = f(x)
    y.backward()
    print(f"x = {start}: y = {y.item()}, dy/dx = {x.grad.item()}")
    print("    graph:", chain(y.grad_fn))

x = torch.tensor(3.0, requires_grad=True)
first, second = f(x), f(x)
print("same graph for two forward passes?", first.grad_fn is second.grad_fn)
# --- checks ---
x = torch.tensor(3.0, requires_grad=True)
y = f(x)
y.backward()
assert (y.item(), x.grad.item()) == (12.0, 4.0)
assert chain(y.grad_fn).count("MulBackward0") == 2
x = torch.tensor(0.5, requires_grad=True)
y = f(x)
y.backward()
assert (y.item(), x.grad.item()) == (16.0, 32.0)
assert chain(y.grad_fn).count("MulBackward0") == 5
assert first.grad_fn is not second.grad_fn
# what the prose states for each start: multiplications in the graph, dy/dx
multiplications, slopes = {}, {}
for start in [3.0, 0.5]:
    x = torch.tensor(start, requires_grad=True)
    y = f(x)
    y.backward()
    multiplications[start] = chain(y.grad_fn).count("MulBackward0")
    slopes[start] = x.grad.item()
assert multiplications == {3.0: 2, 0.5: 5} and slopes == {3.0: 4.0, 0.5: 32.0}
assert (3 * 2**2, 0.5 * 2**5) == (12, 16) and (2**2, 2**5) == (4, 32)  # y = 4x, y = 32x worked on paper

# snippet: graph=s
import torch

def f(x):
    x1, x2 = x
    return torch.stack([x1 * x2, x1**2, 5 * x2])

v = torch.tensor([1.0, 10.0, 100.0])  # one weight per output: the shape of y

x = torch.tensor([2.0, 3.0], requires_grad=True)
y = f(x)
y.backward(gradient=v)
print("y.backward(gradient=v):  ", x.grad)

x_again = torch.tensor([2.0, 3.0], requires_grad=True)
y_again = f(x_again)
s = (y_again * v).sum()  # one number: v1*y1 + v2*y2 + v3*y3
s.backward()
print("(y * v).sum().backward():", x_again.grad)
print("equal:", torch.equal(x.grad, x_again.grad))
# --- checks ---
J = torch.tensor([[3.0, 2.0], [4.0, 0.0], [0.0, 5.0]])  # worked on paper in the previous section
assert (1 * 3 + 10 * 4 + 100 * 0, 1 * 2 + 10 * 0 + 100 * 5) == (43, 502)
assert x.grad.tolist() == [43.0, 502.0] == (v @ J).tolist()
assert torch.equal(x.grad, x_again.grad)
assert s.item() == 1 * 6 + 10 * 4 + 100 * 15 == 1546
assert s.shape == () and y.shape == v.shape
# v is a constant: it has no node in the graph
names = set()
todo = [s.grad_fn]
while todo:
    node = todo.pop()
    if node is not None:
        names.add(type(node).__name__)
        todo.extend(fn for fn, _ in node.next_functions)
assert {"SumBackward0", "MulBackward0", "StackBackward0"} <= names
# a v that depends on x: backward(gradient=v) holds it fixed, (y * v).sum() differentiates through it too
x_a = torch.tensor([2.0, 3.0], requires_grad=True)
y_a = f(x_a)
y_a.backward(gradient=y_a.detach())  # y^T J
x_b = torch.tensor([2.0, 3.0], requires_grad=True)
y_b = f(x_b)
(y_b * y_b).sum().backward()  # d/dx sum(y_i^2) = 2 y^T J
assert torch.equal(x_b.grad, 2 * x_a.grad)
assert torch.equal(x_a.grad, torch.tensor([6.0, 4.0, 15.0]) @ J)
x_c = torch.tensor([2.0, 3.0], requires_grad=True)
y_c = f(x_c)
(y_c * y_c.detach()).sum().backward()  # detached: a constant again
assert torch.equal(x_c.grad, x_a.grad)

import torch

def f(x):
    x1, x2 = x
    return torch.stack([x1 * x2, x1**2, 5 * x2])

x = torch.tensor([2.0, 3.0])
y = f(x)
J = torch.autograd.functional.jacobian(f, x)
print("y:", y)
print("J.shape:", J.shape)
print(J)
# --- checks ---
x1, x2 = 2.0, 3.0
assert y.tolist() == [x1 * x2, x1**2, 5 * x2] == [6.0, 4.0, 15.0]
by_hand = torch.tensor([[x2, x1], [2 * x1, 0.0], [0.0, 5.0]])  # the Jacobian worked on paper
assert torch.equal(J, by_hand)
assert J.tolist() == [[3.0, 2.0], [4.0, 0.0], [0.0, 5.0]]
assert tuple(J.shape) == (3, 2) == tuple(y.shape) + tuple(x.shape)
# row i of J is the gradient of y_i alone
for i in range(3):
    xi = torch.tensor([2.0, 3.0], requires_grad=True)
    f(xi)[i].backward()
    assert torch.equal(xi.grad, J[i])

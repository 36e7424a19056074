import torch
from torch import nn

M = nn.Linear(2, 2)
with torch.no_grad():
    M.weight.fill_(1)
    M.bias.fill_(1)
M.requires_grad_(False)

a = torch.tensor([1., 2.], requires_grad=True)
c = M(a)
c.retain_grad()                      # ask autograd to keep c.grad
d = c * 2
d.sum().backward()

print("c.grad:", c.grad)
print("a.grad:", a.grad)
print("c.is_leaf:", c.is_leaf, " c.retains_grad:", c.retains_grad)
# --- checks ---
assert torch.equal(c.grad, torch.tensor([2., 2.]))
assert torch.equal(a.grad, torch.tensor([4., 4.]))
assert not c.is_leaf and c.retains_grad

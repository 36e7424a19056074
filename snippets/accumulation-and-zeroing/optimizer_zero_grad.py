import torch
from torch import nn
torch.manual_seed(0)                 # the random numbers this page shows

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)

loss = model(torch.tensor([1., 2.])).sum()
loss.backward()
print("after backward:   ", model.weight.grad)

opt.zero_grad()
print("after zero_grad():", model.weight.grad)
print("is None:", model.weight.grad is None)
# --- checks ---
assert model.weight.grad is None and model.bias.grad is None
model(torch.tensor([1., 2.])).sum().backward()
assert model.weight.grad.tolist() == [[1., 2.]]
p = nn.Parameter(torch.ones(1))
o = torch.optim.SGD([p], lr=0.1)
(p * 3).sum().backward()
o.zero_grad()
o.step()
assert p.item() == 1.0
model(torch.tensor([1., 2.])).sum().backward()
model.zero_grad()
assert model.weight.grad is None and model.bias.grad is None

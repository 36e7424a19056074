import torch
from torch import nn

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)

model(torch.tensor([1., 2.])).sum().backward()
opt.zero_grad(set_to_none=False)
print("weight.grad:", model.weight.grad)
# --- checks ---
assert model.weight.grad.tolist() == [[0., 0.]]

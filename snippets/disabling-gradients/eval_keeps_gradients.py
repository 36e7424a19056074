import torch
from torch import nn

model = nn.Sequential(nn.Linear(3, 1), nn.Dropout(p=0.5))   # in order; model[0] is the Linear
model.eval()                         # dropout off; autograd untouched

x = torch.tensor([1., 2., 3.])
out = model(x)
print("training:", model.training)
print("out.requires_grad:", out.requires_grad)

out.sum().backward()
print("weight.grad:", model[0].weight.grad)
# --- checks ---
assert model.training is False
assert out.requires_grad
assert model[0].weight.grad is not None
assert model[0].weight.grad.tolist() == [[1., 2., 3.]]
assert model[0].bias.grad.tolist() == [1.]

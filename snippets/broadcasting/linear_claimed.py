# snippet: raises=RuntimeError match="tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"
import torch

x = torch.tensor([1.0, 2.0, 3.0])                       # 3 inputs
W = torch.tensor([0.5, -1.0], requires_grad=True)       # 2 weights
b = torch.tensor([0.1], requires_grad=True)
print("x:", x.shape, " W:", W.shape, " b:", b.shape)
y = x * W + b

# snippet: raises=RuntimeError match="floating point and complex"
import torch

print(torch.tensor(2).dtype)  # no decimal point: an integer tensor
x = torch.tensor(2, requires_grad=True)

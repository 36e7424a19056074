# snippet: raises=RuntimeError
import torch

z = torch.tensor([1 + 2j]).requires_grad_()  # complex: accepted
print("z.requires_grad:", z.requires_grad)
n = torch.tensor([1, 2]).requires_grad_()  # integer: refused

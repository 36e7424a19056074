# snippet: raises=RuntimeError
import torch

a = torch.tensor([1, 2, 3])                      # shape (3,)
b = torch.tensor([[1, 2], [3, 4], [5, 6]])       # shape (3, 2)
print("a:", a.shape, " b:", b.shape)
print(a + b)

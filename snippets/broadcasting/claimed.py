# snippet: raises=RuntimeError match="tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"
import torch

a = torch.tensor([1, 2, 3])                      # shape (3,)
b = torch.tensor([[1, 2], [3, 4], [5, 6]])       # shape (3, 2)
print("a:", a.shape, " b:", b.shape)
print(a + b)

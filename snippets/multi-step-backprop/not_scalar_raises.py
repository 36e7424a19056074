# snippet: raises=RuntimeError match="only for scalar outputs"
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
z = 10 * y**2
print("z.shape:", z.shape)
z.backward()  # z has six elements: which number should be differentiated?

# snippet: raises=RuntimeError
import torch

with torch.inference_mode():
    scale = torch.tensor([1., 2., 3.]) * 2

w = torch.ones(3, requires_grad=True)
print("scale.is_inference():", scale.is_inference())
loss = (w * scale).sum()

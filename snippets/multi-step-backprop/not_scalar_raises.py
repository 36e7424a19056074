# snippet: raises=RuntimeError match="only for scalar outputs"
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
z = 10 * y**2
print("z.shape:", z.shape)
z.backward()  # z has six elements: which number should be differentiated?
# --- checks ---
one = torch.tensor([2.0], requires_grad=True)   # one element, shape (1,): "a tensor holding one number"
(one * 3).backward()
assert one.grad.item() == 3.0

# snippet: raises=RuntimeError match="only Tensors of floating point dtype"
import torch

z = torch.tensor([1 + 2j]).requires_grad_()  # complex: accepted
print("z.requires_grad:", z.requires_grad)
n = torch.tensor([1, 2]).requires_grad_()  # integer: refused
# --- checks ---
assert z.requires_grad  # complex: accepted by requires_grad_()
assert "complex" not in str(raised)  # ...although the message names only floating point

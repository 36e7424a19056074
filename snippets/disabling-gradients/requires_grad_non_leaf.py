# snippet: raises=RuntimeError match="only change requires_grad flags of leaf variables"
import torch

x = torch.tensor(3.0, requires_grad=True)
y = x ** 2
y.requires_grad_(False)
# --- checks ---
assert "detach()" in str(raised)          # the message points to detach()
assert y.requires_grad and not y.is_leaf

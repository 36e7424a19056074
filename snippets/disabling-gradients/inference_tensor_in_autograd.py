# snippet: raises=RuntimeError match="Inference tensors cannot be saved for backward"
import torch

with torch.inference_mode():
    scale = torch.tensor([1., 2., 3.]) * 2

w = torch.ones(3, requires_grad=True)
print("scale.is_inference():", scale.is_inference())
loss = (w * scale).sum()
# --- checks ---
assert "make a clone" in str(raised) and "torch.no_grad()" in str(raised)   # both ways out
assert "loss" not in globals()             # raised at the multiplication, before any backward()

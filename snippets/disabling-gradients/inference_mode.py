import torch

x = torch.tensor(3.0, requires_grad=True)
with torch.inference_mode():
    y = x * 2
print("y:", y, " requires_grad:", y.requires_grad, " is_inference:", y.is_inference())
# --- checks ---
assert not y.requires_grad and y.is_inference() and y.item() == 6.0

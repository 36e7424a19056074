import torch

with torch.inference_mode():
    scale = torch.tensor([1., 2., 3.]) * 2

w = torch.ones(3, requires_grad=True)
loss = (w + scale).sum()             # tracked, but an addition saves no input
loss.backward()
print("w.grad:", w.grad)

doubled = scale * 2                  # nothing tracked: nothing to save
print("doubled:", doubled, " is_inference:", doubled.is_inference())
# --- checks ---
assert scale.is_inference() and loss.requires_grad
assert w.grad.tolist() == [1., 1., 1.]               # d(sum_i (w_i + s_i))/dw_i = 1
assert doubled.tolist() == [4., 8., 12.] and not doubled.is_inference()

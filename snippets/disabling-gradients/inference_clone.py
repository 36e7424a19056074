import torch

with torch.inference_mode():
    scale = torch.tensor([1., 2., 3.]) * 2

scale = scale.clone()                # a normal tensor, usable by autograd
w = torch.ones(3, requires_grad=True)
loss = (w * scale).sum()
loss.backward()
print("is_inference:", scale.is_inference())
print("w.grad:", w.grad)
# --- checks ---
assert not scale.is_inference()
assert w.grad.tolist() == [2., 4., 6.]
assert torch.equal(w.grad, scale)           # d(sum_i w_i s_i)/dw_i = s_i

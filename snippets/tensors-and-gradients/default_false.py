import torch

a = torch.tensor([1.0, 2.0, 3.0])
print("a.requires_grad:", a.requires_grad)

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
print("w.requires_grad:", w.requires_grad)
print("w:", w)

a.requires_grad_()  # switch it on in place
print("a.requires_grad:", a.requires_grad)

c = torch.tensor([4.0, 5.0, 6.0])
print("(c * 2).requires_grad:", (c * 2).requires_grad)
print("(w * c).requires_grad:", (w * c).requires_grad)
# --- checks ---
# the flag `a` had when the first line printed it: a tensor made without the keyword
a_at_first = torch.tensor([1.0, 2.0, 3.0]).requires_grad
assert a_at_first is False
assert torch.tensor([1.0]).requires_grad is False
assert torch.ones(3).requires_grad is False
assert w.requires_grad and a.requires_grad
assert not (c * 2).requires_grad
assert (w * c).requires_grad
assert (w * c).grad_fn is not None and (c * 2).grad_fn is None

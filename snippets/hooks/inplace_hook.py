import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([1.0, 2.0], requires_grad=True)
s = a + b

def scale_a_in_place(grad):
    grad.mul_(10)                 # wrong: writes into the tensor autograd passed in

a.register_hook(scale_a_in_place)
(3 * s).sum().backward()
print("a.grad:", a.grad)
print("b.grad:", b.grad)          # d(3 * sum(a + b))/db is 3: no hook was put on b
# --- checks ---
assert torch.equal(a.grad, torch.tensor([30.0, 30.0]))
assert torch.equal(b.grad, torch.tensor([30.0, 30.0]))   # silently wrong
a2 = torch.tensor([1.0, 2.0], requires_grad=True)
b2 = torch.tensor([1.0, 2.0], requires_grad=True)
a2.register_hook(lambda grad: grad * 10)                  # the fix: return a new tensor
(3 * (a2 + b2)).sum().backward()
assert torch.equal(a2.grad, torch.tensor([30.0, 30.0])) and torch.equal(b2.grad, torch.tensor([3.0, 3.0]))
fixed_b_grad = b2.grad
ptrs = []
a3 = torch.tensor([1.0, 2.0], requires_grad=True)
b3 = torch.tensor([1.0, 2.0], requires_grad=True)
a3.register_hook(lambda g: ptrs.append(g.data_ptr()))
b3.register_hook(lambda g: ptrs.append(g.data_ptr()))
(3 * (a3 + b3)).sum().backward()
assert len(ptrs) == 2 and ptrs[0] == ptrs[1]          # one and the same gradient tensor for a and b

import torch

def three_steps(remove):
    w = torch.tensor(1.0, requires_grad=True)
    grads = []
    for step in range(3):
        handle = w.register_hook(lambda grad: grad * 2)  # meant: double this step's gradient
        w.grad = None
        (3 * w).backward()                               # d(3w)/dw = 3
        grads.append(w.grad.item())
        if remove:
            handle.remove()                              # done: take the hook off
    return grads

print("hooks never removed:", three_steps(remove=False))
print("handle.remove():    ", three_steps(remove=True))
# --- checks ---
piled = three_steps(remove=False)
removed = three_steps(remove=True)
assert piled == [6.0, 12.0, 24.0] and removed == [6.0, 6.0, 6.0]
assert [3 * 2 ** k for k in (1, 2, 3)] == [6, 12, 24]
from torch.utils.hooks import RemovableHandle

w = torch.tensor(1.0, requires_grad=True)
handle = w.register_hook(lambda g: g * 2)
assert isinstance(handle, RemovableHandle)
handle.remove()
handle.remove()                                           # a second remove() is harmless
(3 * w).backward()
assert w.grad.item() == 3.0
p = torch.nn.Parameter(torch.ones(1))
assert isinstance(p.register_post_accumulate_grad_hook(lambda q: None), RemovableHandle)
assert isinstance(torch.nn.Linear(1, 1).register_full_backward_hook(lambda m, gi, go: None), RemovableHandle)

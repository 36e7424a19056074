import torch

x = torch.tensor(3.0, requires_grad=True)
writes = []                          # every value autograd writes into x.grad
x.register_post_accumulate_grad_hook(lambda t: writes.append(t.grad.item()))

y = x * 2 + x ** 2                   # x feeds two branches: dy/dx = 2 + 2x = 8
y.backward()
print("one backward, two branches:", writes)

y = x * 2 + x ** 2
y.backward()                         # a second call adds to what is there
print("after a second backward:   ", writes)
# --- checks ---
assert writes == [8.0, 16.0]
assert 2 * 3 == 6 and 2 + 2 * 3 == 8  # the branches bring 2 and 2x = 6 at x = 3, by hand
assert x.grad.item() == 16.0

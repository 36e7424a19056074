import torch

for set_to_none in (True, False):
    w = torch.tensor(1.0, requires_grad=True)
    v = torch.tensor(1.0, requires_grad=True)
    opt = torch.optim.SGD([w, v], lr=0.1, momentum=0.9)
    (w * v).backward()               # step 1 reaches w and v
    opt.step()
    opt.zero_grad(set_to_none=set_to_none)
    (v * 3).backward()               # step 2 never reaches w
    before = w.item()
    opt.step()
    print(f"set_to_none={set_to_none}: w.grad = {w.grad!r}, w: {before:.4f} -> {w.item():.4f}")
# --- checks ---
def second_step(set_to_none, **options):
    """w before and after a step whose backward() did not reach w."""
    w = torch.tensor(1.0, requires_grad=True)
    v = torch.tensor(1.0, requires_grad=True)
    opt = torch.optim.SGD([w, v], lr=0.1, **options)
    (w * v).backward()
    opt.step()
    opt.zero_grad(set_to_none=set_to_none)
    (v * 3).backward()
    before = w.item()
    opt.step()
    return before, w.item()


none_before, none_after = second_step(True, momentum=0.9)
zeros_before, zeros_after = second_step(False, momentum=0.9)
assert none_before == none_after                     # None: skipped
assert zeros_after != zeros_before                   # zeros: the momentum still moves w
assert abs(zeros_after - (0.9 - 0.1 * 0.9 * 1.0)) < 1e-6   # 0.9 - lr * momentum * the first grad
before, after = second_step(True, weight_decay=0.5)
assert before == after                               # weight decay: None is skipped too...
before, after = second_step(False, weight_decay=0.5)
assert after < before                                # ...and a zero grad is still decayed
before, after = second_step(False)                   # plain SGD: a zero grad changes nothing
assert before == after

import torch
from torch import nn

w = nn.Parameter(torch.tensor([1.0, 2.0]))   # a parameter: a leaf that requires grad
x = torch.tensor([3.0, 4.0])

def before(grad):                             # a tensor hook: the incoming gradient
    print("  register_hook:         incoming", grad, "  w.grad", w.grad)

def after(param):                             # a post-accumulate hook: the parameter itself
    print("  post_accumulate_grad:  w.grad  ", param.grad)

w.register_hook(before)
w.register_post_accumulate_grad_hook(after)

for call in range(2):                         # two backward calls, no zeroing in between
    print("backward call", call)
    (w * x).sum().backward()
# --- checks ---
events = []
v = nn.Parameter(torch.tensor([1.0, 2.0]))
v.register_post_accumulate_grad_hook(lambda p: events.append(("post", p.grad.clone())))
v.register_hook(lambda g: events.append(("hook", g.clone(), None if v.grad is None else v.grad.clone())))
for _ in range(2):
    (v * x).sum().backward()
assert [e[0] for e in events] == ["hook", "post", "hook", "post"]   # registration order does not matter
assert torch.equal(events[0][1], x) and events[0][2] is None
assert torch.equal(events[1][1], x) and torch.equal(events[3][1], 2 * x)
assert torch.equal(w.grad, torch.tensor([6.0, 8.0]))
first_post, second_post = events[1][1], events[3][1]
# the hook receives the parameter itself, must return None, and only leaves accept one
seen = []
u = nn.Parameter(torch.tensor([1.0]))
u.register_post_accumulate_grad_hook(lambda p: seen.append(p is u))
(u * 2).sum().backward()
assert seen == [True]
bad = nn.Parameter(torch.tensor([1.0]))
bad.register_post_accumulate_grad_hook(lambda p: p.grad * 0)
try:
    (bad * 2).sum().backward()
except RuntimeError as e:
    assert "should return None" in str(e)
else:
    raise AssertionError("a post-accumulate hook returned a tensor without error")
try:
    (w * 2).register_post_accumulate_grad_hook(lambda p: None)
except RuntimeError as e:
    non_leaf_message = str(e)
else:
    raise AssertionError("a non-leaf accepted a post-accumulate hook")
assert "non-leaf" in non_leaf_message

# snippet: raises=RuntimeError match="data-dependent control flow"
import torch
from torch.func import vmap


def clipped_sum(x):                    # one sample: x (3,) -> a number, never below 0
    s = x.sum()
    if s > 0:                          # a Python if on a tensor's value
        return s
    return torch.zeros(())


X = torch.tensor([[1.0, 2.0, 3.0],
                  [-1.0, -2.0, 0.5]])
print("loop:", [clipped_sum(x) for x in X])   # one sample at a time: fine
print("vmap:", vmap(clipped_sum)(X))
# --- checks ---
assert [clipped_sum(x).item() for x in X] == [6.0, 0.0]
# the fix: both branches as tensor operations
fixed = vmap(lambda x: torch.where(x.sum() > 0, x.sum(), 0.0))(X)
assert fixed.tolist() == [6.0, 0.0]
fixed_clamp = vmap(lambda x: x.sum().clamp(min=0))(X)
assert fixed_clamp.tolist() == [6.0, 0.0]


def first_sentence(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except RuntimeError as e:
        return str(e).split(". ")[0].split("\n")[0]
    raise AssertionError("no error")


# .item() inside vmap
item_message = first_sentence(vmap(lambda x: x * x.sum().item()), X)
assert item_message == "vmap: It looks like you're calling .item() on a Tensor", item_message
# in-place into a tensor that is not batched
try:
    vmap(lambda x: torch.zeros(3).mul_(x))(X)
except RuntimeError as e:
    inplace_full = str(e)
assert inplace_full.startswith("vmap: inplace arithmetic(self, *extra_args) is not possible"), inplace_full
inplace_message = "Please try to use out-of-place operators instead of inplace arithmetic"
assert inplace_message in inplace_full
assert vmap(lambda x: x.clone().mul_(2))(X).shape == (2, 3)            # in-place on the sample itself: fine
# randomness
random_message = first_sentence(vmap(lambda x: x + torch.rand(())), X)
assert random_message == "vmap: called random operation while in randomness error mode", random_message
torch.manual_seed(0)
different = vmap(lambda x: torch.rand(()), randomness="different")(X)
same = vmap(lambda x: torch.rand(()), randomness="same")(X)
assert different[0] != different[1] and same[0] == same[1]
# BatchNorm in training mode
from torch import nn
from torch.func import functional_call, grad

bn = nn.BatchNorm1d(3)
bn_params, bn_buffers = dict(bn.named_parameters()), dict(bn.named_buffers())
assert list(bn_buffers) == ["running_mean", "running_var", "num_batches_tracked"]


def bn_loss(p, b, x):
    return functional_call(bn, (p, b), (x,)).sum()


groups = torch.randn(4, 2, 3)
bn_message = first_sentence(vmap(grad(bn_loss), in_dims=(None, None, 0)), bn_params, bn_buffers, groups)
assert bn_message.startswith("Batch norm got a batched tensor as input while the running_mean or running_var"), bn_message
# buffers left out: the running statistics are updated in place, which grad refuses
buffers_message = first_sentence(
    vmap(grad(lambda p, x: functional_call(bn, p, (x,)).sum()), in_dims=(None, 0)), bn_params, groups
)
assert "attempted to call in-place operation" in buffers_message, buffers_message
bn.eval()                                                               # running statistics used, not updated
assert vmap(grad(bn_loss), in_dims=(None, None, 0))(bn_params, bn_buffers, groups)["weight"].shape == (4, 3)
# side effects: vmap runs the Python function once, and a stored tensor escapes
calls, stored = [], []


def impure(x):
    calls.append(1)
    stored.append(x)
    return x.sum()


assert vmap(impure)(X).tolist() == [6.0, -2.5]
side_effect_calls = len(calls)
assert side_effect_calls == 1                                          # once, not once per sample
try:
    stored[0] + 1
except RuntimeError as e:
    escaped_full = str(e)
else:
    raise AssertionError("the escaped tensor worked")
assert "your tensor may have escaped from inside a function being vmapped" in escaped_full, escaped_full
# custom autograd Functions: torch.func needs setup_context, vmap a vmap rule


class Square(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x**2

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return 2 * x * g


assert grad(lambda v: Square.apply(v).sum())(X[0]).tolist() == [2.0, 4.0, 6.0]
try:
    vmap(Square.apply)(X)
except RuntimeError as e:
    assert "does not have vmap support" in str(e) and "generate_vmap_rule=True" in str(e), str(e)
Square.generate_vmap_rule = True
assert torch.equal(vmap(Square.apply)(X), X**2)

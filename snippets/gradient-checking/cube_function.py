import torch
from torch.autograd import gradcheck


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)           # keep x: the backward needs it
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2      # chain rule: incoming gradient times f'(x)


x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
y = Cube.apply(x)                          # call it through apply, never forward directly
y.sum().backward()
print("y:", y)
print("x.grad:", x.grad)
print("gradcheck:", gradcheck(Cube.apply, (x,)))
# --- checks ---
assert y.tolist() == [1.0, 8.0, 27.0]
assert x.grad.tolist() == [3.0, 12.0, 27.0] == [3 * v**2 for v in (1, 2, 3)]
assert type(y.grad_fn).__name__ == "CubeBackward"
backward_name = type(y.grad_fn).__name__
torch.manual_seed(0)
assert gradcheck(Cube.apply, (torch.randn(5, dtype=torch.float64, requires_grad=True),))
# saved tensors get the version-counter check of the previous lesson
x2 = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
y2 = Cube.apply(x2 * 1)
try:
    saved = y2.grad_fn.saved_tensors[0]
    with torch.no_grad():
        saved.mul_(2)
    y2.sum().backward()
except RuntimeError as e:
    assert "modified by an inplace operation" in str(e)
else:
    raise AssertionError("no version check")
# the cost: 2 forward evaluations per input element, at least 1 backward per output element; fast_mode is cheaper
calls = {"forward": 0, "backward": 0}


class Counted(Cube):
    @staticmethod
    def forward(ctx, x):
        calls["forward"] += 1
        return Cube.forward(ctx, x)

    @staticmethod
    def backward(ctx, g):
        calls["backward"] += 1
        return Cube.backward(ctx, g)


x5 = torch.randn(5, dtype=torch.float64, requires_grad=True)
assert gradcheck(Counted.apply, (x5,))
assert calls["forward"] >= 2 * 5 and calls["backward"] >= 5
slow = dict(calls)
calls.update(forward=0, backward=0)
assert gradcheck(Counted.apply, (x5,), fast_mode=True)
assert calls["forward"] < slow["forward"] and calls["backward"] < slow["backward"]

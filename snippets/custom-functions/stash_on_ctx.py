# snippet: raises=RuntimeError match="modified by an inplace operation"
import torch


class SquareStash(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x                          # wrong: a plain attribute
        return x**2

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 2 * ctx.x


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)           # right: a saved tensor
        return x**2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 2 * x


for Fn in (SquareStash, Square):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Fn.apply(x)                        # y = x**2 = [1, 4]; dy/dx = 2x = [2, 4]
    with torch.no_grad():
        x.mul_(10)                         # x changes in place, as in an optimizer step
    y.sum().backward()
    print(Fn.__name__, "x.grad:", x.grad)
# --- checks ---
import gc
import weakref

assert Fn is Square                                       # the loop stopped at Square
assert "modified by an inplace operation" in str(raised)
# SquareStash: silently wrong, computed from the new x
x1 = torch.tensor([1.0, 2.0], requires_grad=True)
y1 = SquareStash.apply(x1)
with torch.no_grad():
    x1.mul_(10)
y1.sum().backward()
stash_grad = x1.grad
assert torch.equal(stash_grad, torch.tensor([20.0, 40.0]))    # instead of [2, 4]
# stashing the output on ctx makes a reference cycle: output -> grad_fn (ctx) -> output


class ExpStash(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.out = x.exp()
        return ctx.out

    @staticmethod
    def backward(ctx, g):
        return g * ctx.out


class ExpSaved(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.exp()
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out


gc.disable()
try:
    a = torch.ones(3, requires_grad=True)
    ref_stash = weakref.ref(ExpStash.apply(a))             # the output is dropped at once
    ref_saved = weakref.ref(ExpSaved.apply(a))
    stashed_alive, saved_alive = ref_stash() is not None, ref_saved() is not None
    gc.collect()
    stashed_alive_after_gc = ref_stash() is not None
finally:
    gc.enable()
assert stashed_alive and not saved_alive and not stashed_alive_after_gc

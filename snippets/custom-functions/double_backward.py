import torch
import torch.nn.functional as F
from torch.autograd import gradgradcheck


class SiLU(torch.autograd.Function):          # as above: saves the intermediate s
    @staticmethod
    def forward(ctx, x):
        s = torch.sigmoid(x)
        ctx.save_for_backward(x, s)
        return x * s

    @staticmethod
    def backward(ctx, grad_output):
        x, s = ctx.saved_tensors
        return grad_output * s * (1 + x * (1 - s))


class SiLU2(torch.autograd.Function):
    @staticmethod
    def forward(x):                           # no ctx: forward only computes
        return x * torch.sigmoid(x)

    @staticmethod
    def setup_context(ctx, inputs, output):   # then ctx gets the inputs and the output
        (x,) = inputs
        ctx.save_for_backward(x)              # an input: autograd can trace it back

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)                  # recomputed from x: double backward sees it
        return grad_output * s * (1 + x * (1 - s))


x = torch.tensor([-2.0, 0.0, 1.0], dtype=torch.float64, requires_grad=True)
for name, f in (("F.silu", F.silu), ("SiLU", SiLU.apply), ("SiLU2", SiLU2.apply)):
    (d1,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1.sum(), x)  # elementwise: d2 holds f''(x)
    print(f"{name:6} f'':", d2)
print("gradgradcheck SiLU: ", gradgradcheck(SiLU.apply, (x,), raise_exception=False))
print("gradgradcheck SiLU2:", gradgradcheck(SiLU2.apply, (x,)))
# --- checks ---
import math

from torch.autograd.function import once_differentiable
from torch.func import grad


def second(f, at=x):
    (d1,) = torch.autograd.grad(f(at).sum(), at, create_graph=True)
    return torch.autograd.grad(d1.sum(), at)[0]


ref, ours, fixed = second(F.silu), second(SiLU.apply), second(SiLU2.apply)
sig = lambda v: 1 / (1 + math.exp(-v))
for v, r in zip((-2.0, 0.0, 1.0), ref.tolist()):                # f'' = s (1 - s) (2 + x (1 - 2 s))
    assert math.isclose(r, sig(v) * (1 - sig(v)) * (2 + v * (1 - 2 * sig(v))), rel_tol=1e-12)
ref_at_0, ours_at_0 = ref[1].item(), ours[1].item()
assert ref_at_0 == 0.5 and ours_at_0 == 0.25                      # s treated as a constant: half of it
assert not torch.allclose(ours, ref) and torch.allclose(fixed, ref)
assert gradgradcheck(SiLU.apply, (x,), raise_exception=False) is False
assert gradgradcheck(SiLU2.apply, (x,)) is True
# first derivatives: all three agree
d1s = [torch.autograd.grad(f(x).sum(), x)[0] for f in (F.silu, SiLU.apply, SiLU2.apply)]
assert torch.allclose(d1s[0], d1s[1]) and torch.allclose(d1s[0], d1s[2])
# with create_graph, backward runs with grad mode on
modes = []


class Spy(SiLU2):
    @staticmethod
    def backward(ctx, grad_output):
        modes.append(torch.is_grad_enabled())
        return SiLU2.backward(ctx, grad_output)


torch.autograd.grad(Spy.apply(x).sum(), x, create_graph=True)
torch.autograd.grad(Spy.apply(x).sum(), x)
assert modes == [True, False]


# once_differentiable: backward runs untracked; a second differentiation usually raises
class SiLUOnce(SiLU):
    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        x, s = ctx.saved_tensors
        return grad_output * s * (1 + x * (1 - s))


(d1,) = torch.autograd.grad((SiLUOnce.apply(x) ** 2).sum(), x, create_graph=True)
try:
    d1.sum().backward()
except RuntimeError as e:
    once_message = str(e)
assert once_message == "trying to differentiate twice a function that was marked with @once_differentiable"
(d1,) = torch.autograd.grad(SiLUOnce.apply(x).sum(), x, create_graph=True)
assert not d1.requires_grad                                      # after .sum(): no graph at all
# ...but when other terms of the derivative carry a graph, its share is silently dropped
(d1,) = torch.autograd.grad(SiLUOnce.apply(x).sum() + (x**3).sum(), x, create_graph=True)
dropped = torch.autograd.grad(d1.sum(), x)[0]
assert torch.equal(dropped, 6 * x.detach())                      # only (x**3)'' = 6x, no f''
# torch.func needs the setup_context style
x0 = torch.tensor(0.0, dtype=torch.float64)
assert grad(grad(SiLU2.apply))(x0).item() == 0.5
try:
    grad(SiLU.apply)(x0)
except RuntimeError as e:
    func_full = str(e)
func_message = "it must override the setup_context staticmethod"
assert func_full.startswith("In order to use an autograd.Function with functorch transforms") and func_message in func_full

import torch
from torch import nn
from torch.func import functional_call, grad, vmap

torch.manual_seed(0)
model = nn.Linear(3, 1)
X, T = torch.randn(8, 3), torch.randn(8, 1)
params = {name: p.detach() for name, p in model.named_parameters()}


def sample_loss(params, x, t):
    pred = functional_call(model, params, (x,))
    assert pred.shape == t.shape, (pred.shape, t.shape)   # one prediction, one target
    return ((pred - t) ** 2).mean()


per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, X, T)   # t: split too
print("weight:", tuple(per_sample["weight"].shape), " bias:", tuple(per_sample["bias"].shape))

((model(X) - T) ** 2).mean().backward()
print("mean of per-sample = batch:", torch.allclose(per_sample["weight"].mean(0), model.weight.grad))
# --- checks ---
assert torch.allclose(per_sample["weight"].mean(0), model.weight.grad)
assert torch.allclose(per_sample["bias"].mean(0), model.bias.grad)
pred = X @ params["weight"].T + params["bias"]
assert torch.allclose(per_sample["weight"], (2 * (pred - T)).unsqueeze(-1) * X.unsqueeze(1))
# a loop over samples agrees
loop = []
for x, t in zip(X, T):
    model.zero_grad()
    ((model(x) - t) ** 2).mean().backward()
    loop.append(model.weight.grad.clone())
assert torch.allclose(per_sample["weight"], torch.stack(loop))
# with the assert, the broken in_dims no longer passes silently
try:
    vmap(grad(sample_loss), in_dims=(None, 0, None))(params, X, T)
except AssertionError as e:
    guard_message = str(e)
else:
    raise AssertionError("the shape guard did not fire")
assert "torch.Size([1])" in guard_message and "torch.Size([8, 1])" in guard_message

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.func import functional_call, grad, vmap

torch.manual_seed(0)
model = nn.Linear(3, 1)
X, T = torch.randn(8, 3), torch.randn(8, 1)        # 8 samples: 3 features, 1 target each
params = {name: p.detach() for name, p in model.named_parameters()}


def sample_loss(params, x, t):                      # written for ONE sample: x (3,), t (1,)
    pred = functional_call(model, params, (x,))     # model(x), with these parameters
    return ((pred - t) ** 2).mean()


per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, X, T)
for name, g in per_sample.items():
    print(name, tuple(g.shape))

((model(X) - T) ** 2).mean().backward()            # the usual batch gradient, into .grad
print("mean of per-sample = batch:", torch.allclose(per_sample["weight"].mean(0), model.weight.grad))

norms = torch.cat([g.flatten(1) for g in per_sample.values()], dim=1).norm(dim=1)
batch_norm = torch.cat([model.weight.grad.flatten(), model.bias.grad]).norm()
fig, ax = plt.subplots(figsize=(4, 3.2), layout="constrained")
ax.bar(range(8), norms, label="per-sample gradient")
ax.axhline(batch_norm, color="C1", label="batch gradient (their mean)")
ax.set_xlabel("sample")
ax.set_ylabel("gradient norm")
fig.legend(loc="outside upper center")           # above the bars, clear of them
plt.show()
# --- checks ---
# shapes: a batch dimension of 8 in front of each parameter's shape
assert per_sample["weight"].shape == (8, 1, 3) and per_sample["bias"].shape == (8, 1)
weight_shape, bias_shape = tuple(per_sample["weight"].shape), tuple(per_sample["bias"].shape)
assert list(per_sample) == ["weight", "bias"]
# the Python loop: one backward per sample
loop_w, loop_b = [], []
for x, t in zip(X, T):
    model.zero_grad()
    ((model(x) - t) ** 2).mean().backward()
    loop_w.append(model.weight.grad.clone())
    loop_b.append(model.bias.grad.clone())
assert torch.allclose(per_sample["weight"], torch.stack(loop_w))
assert torch.allclose(per_sample["bias"], torch.stack(loop_b))
# by hand: d/dW (w.x + b - t)^2 = 2 (pred - t) x
pred = X @ params["weight"].T + params["bias"]
assert torch.allclose(per_sample["weight"], (2 * (pred - T)).unsqueeze(-1) * X.unsqueeze(1))
# the batch gradient (recomputed) is the mean of the per-sample ones
model.zero_grad()
((model(X) - T) ** 2).mean().backward()
assert torch.allclose(per_sample["bias"].mean(0), model.bias.grad)
# triangle inequality: the mean's norm is at most the mean of the norms
assert batch_norm <= norms.mean()
largest, smallest = int(norms.argmax()), int(norms.argmin())
largest_norm, smallest_norm = norms.max().item(), norms.min().item()
batch_norm_value = batch_norm.item()
below_batch = int((norms < batch_norm).sum())
assert 0 < below_batch < 8
# params are detached: the per-sample gradients carry no graph
assert not per_sample["weight"].requires_grad
# without detach, they do (torch.func composes with ordinary autograd)
attached = dict(model.named_parameters())
tracked = vmap(grad(sample_loss), in_dims=(None, 0, 0))(attached, X, T)
assert tracked["weight"].requires_grad and tracked["weight"].grad_fn is not None
tracked_grad_fn = type(tracked["weight"].grad_fn).__name__
assert len(plt.get_fignums()) == 1

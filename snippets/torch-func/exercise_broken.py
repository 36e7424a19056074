import torch
from torch import nn
from torch.func import functional_call, grad, vmap

torch.manual_seed(0)
model = nn.Linear(3, 1)
X, T = torch.randn(8, 3), torch.randn(8, 1)
params = {name: p.detach() for name, p in model.named_parameters()}


def sample_loss(params, x, t):
    pred = functional_call(model, params, (x,))
    return ((pred - t) ** 2).mean()


per_sample = vmap(grad(sample_loss), in_dims=(None, 0, None))(params, X, T)
print("weight:", tuple(per_sample["weight"].shape), " bias:", tuple(per_sample["bias"].shape))

((model(X) - T) ** 2).mean().backward()
print("mean of per-sample = batch:", torch.allclose(per_sample["weight"].mean(0), model.weight.grad))
# --- checks ---
assert per_sample["weight"].shape == (8, 1, 3) and per_sample["bias"].shape == (8, 1)
assert not torch.allclose(per_sample["weight"].mean(0), model.weight.grad)
# what was computed: each sample compared with the MEAN target, 2 (p_i - mean t) x_i
pred = X @ params["weight"].T + params["bias"]                       # (8, 1)
assert torch.allclose(per_sample["weight"], (2 * (pred - T.mean())).unsqueeze(-1) * X.unsqueeze(1))
assert torch.allclose(per_sample["bias"], 2 * (pred - T.mean()))
# inside, the loss saw pred (1,) and t (8, 1): broadcast to (8, 1), then averaged
seen = {}


def spy(params, x, t):
    pred = functional_call(model, params, (x,))
    seen["pred"], seen["t"], seen["diff"] = tuple(pred.shape), tuple(t.shape), tuple((pred - t).shape)
    return ((pred - t) ** 2).mean()


vmap(grad(spy), in_dims=(None, 0, None))(params, X, T)
assert seen == {"pred": (1,), "t": (8, 1), "diff": (8, 1)}
seen_t, seen_diff = seen["t"], seen["diff"]
# the bias alone would not show it: mean of 2 (p_i - mean t) = mean of 2 (p_i - t_i)
bias_mean_matches = torch.allclose(per_sample["bias"].mean(0), model.bias.grad)
assert bias_mean_matches is True

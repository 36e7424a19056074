import copy

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
reference = copy.deepcopy(model)      # the same weights, for clip_grad_norm_
x = torch.randn(8, 3)
x[:, 2] *= 1000                       # one feature in millimetres instead of metres
t = torch.randn(8, 1)

norms = {}                            # parameter name -> norm of its gradient

def recorder(name):
    def hook(param):                  # runs once param.grad is accumulated
        norms[name] = param.grad.norm()
    return hook

for name, p in model.named_parameters():
    p.register_post_accumulate_grad_hook(recorder(name))

F.mse_loss(model(x), t).backward()
total = torch.stack(list(norms.values())).norm()      # sqrt of the sum of squared norms
scale = min(1.0, 1.0 / (total.item() + 1e-6))         # max_norm = 1.0
for p in model.parameters():
    p.grad.mul_(scale)

F.mse_loss(reference(x), t).backward()
returned = torch.nn.utils.clip_grad_norm_(reference.parameters(), max_norm=1.0)

for name, norm in norms.items():
    print(f"{name:9} {norm.item():12.4f}")
print("total by hand:", total, "  returned:", returned)
pairs = zip(model.parameters(), reference.parameters())
print("same gradients:", all(torch.allclose(p.grad, q.grad) for p, q in pairs))
# --- checks ---
assert list(norms) == ["2.bias", "2.weight", "0.bias", "0.weight"]         # backward order
assert torch.allclose(total, returned)
largest = max(norms, key=lambda n: norms[n])
assert largest == "0.weight"
assert norms["2.weight"] > 0.9 * norms["0.weight"]                          # a close second
assert max(norms["0.bias"], norms["2.bias"]) < 0.01 * norms["2.weight"]    # biases: small
g = reference[0].weight.grad                                                # column 3 (the mm feature) dominates
assert g[:, 2].norm() > 100 * g[:, :2].norm()
for p, q in zip(model.parameters(), reference.parameters()):
    assert torch.allclose(p.grad, q.grad)
after = torch.stack([p.grad.norm() for p in model.parameters()]).norm()
assert abs(after.item() - 1.0) < 1e-5
assert scale < 1e-4
share = {n: (v / total).item() ** 2 for n, v in norms.items()}             # share of the squared total
assert abs(sum(share.values()) - 1.0) < 1e-5
assert torch.allclose(total, torch.sqrt(sum(v**2 for v in norms.values())))
# dL/dW = delta^T x for the first layer (delta: the gradient at its output), dL/db = the sum of delta's rows
m = copy.deepcopy(reference)
m.zero_grad()
out1 = m[0](x)
out1.retain_grad()
F.mse_loss(m[2](m[1](out1)), t).backward()
assert torch.allclose(m[0].weight.grad, out1.grad.T @ x, rtol=1e-4)
assert torch.allclose(m[0].bias.grad, out1.grad.sum(0), rtol=1e-4)
in_parameter_order = torch.stack([norms[n] for n, _ in model.named_parameters()]).norm()
assert torch.equal(in_parameter_order, returned) and not torch.equal(total, returned)   # only the order differs
g0 = model[0].weight.grad                                                   # after the clipping by hand
assert g0[:, :2].norm() < g0[:, 2].norm() / 100
assert 1e-4 < model[0].bias.grad.norm().item() < 1e-3

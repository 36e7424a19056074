import torch

x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
y = torch.where(x != 0, torch.sin(x) / x, 1.0)            # sinc: sin(x)/x, and 1 at 0
y.sum().backward()
print("y:          ", y.detach())
print("naive grad: ", x.grad)

x.grad = None
safe_x = torch.where(x != 0, x, 1.0)                      # the dangerous branch never sees 0
y = torch.where(x != 0, torch.sin(safe_x) / safe_x, 1.0)
y.sum().backward()
print("double where:", x.grad)
# --- checks ---
import math

naive_x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
with torch.no_grad():
    unused = torch.sin(naive_x) / naive_x
assert math.isnan(unused[0].item())                       # the unused branch: 0/0 = nan in the forward
yn = torch.where(naive_x != 0, torch.sin(naive_x) / naive_x, 1.0)
yn.sum().backward()
naive_grad = naive_x.grad
assert math.isnan(naive_grad[0].item()) and not naive_grad[1:].isnan().any()
assert math.isnan(0 * float("inf")) and torch.tensor(0.0).div(0.0).isnan()   # 0 * inf and 0 / 0
assert x.grad[0].item() == 0.0                             # sinc'(0) = 0: the true derivative
# d/dx sin(x)/x = (x cos x - sin x) / x**2
for v, g in zip((1.0, 2.0), x.grad[1:].tolist()):
    assert math.isclose(g, (v * math.cos(v) - math.sin(v)) / v**2, rel_tol=1e-6)
assert torch.equal(x.grad[1:], naive_grad[1:])            # elsewhere the fix changes nothing
assert torch.equal(y.detach(), yn.detach())               # nor the forward values
# the same trap with sqrt: torch.where(x > 0, torch.sqrt(x), 0)
s = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
torch.where(s > 0, torch.sqrt(s), 0.0).sum().backward()
sqrt_where_grad = s.grad
assert sqrt_where_grad[:2].isnan().all() and sqrt_where_grad[2].item() == 0.25
s2 = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
torch.where(s2 > 0, torch.sqrt(torch.where(s2 > 0, s2, 1.0)), 0.0).sum().backward()
sqrt_fixed_grad = s2.grad
assert sqrt_fixed_grad.tolist() == [0.0, 0.0, 0.25]

import math

import torch

x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
for step in range(5):
    f = torch.exp(x) - 2 * x
    (d1,) = torch.autograd.grad(f, x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    with torch.no_grad():
        x -= d1 / d2  # Newton's step: x - f'(x) / f''(x)
    print(f"step {step}: x = {x.item():.12f}   error = {x.item() - math.log(2):.1e}")

print(f"ln 2      = {math.log(2):.12f}")
# --- checks ---
assert abs(x.item() - math.log(2)) < 1e-12
xs, v = [], 0.0  # the paper iteration x <- x - 1 + 2 e^(-x)
for _ in range(5):
    v = v - 1 + 2 * math.exp(-v)
    xs.append(v)
assert xs[0] == 1.0 and abs(xs[1] - 2 / math.e) < 1e-15
assert abs(x.item() - xs[-1]) < 1e-15
errors = [abs(value - math.log(2)) for value in xs]
for before, after in zip(errors[1:], errors[2:]):  # quadratic convergence: e_next ~ e^2 / 2 here
    assert 0.45 < after / before**2 < 0.55
assert round(2 / math.e, 4) == 0.7358
# gradient descent with a fixed learning rate (0.25) for contrast: the error shrinks by a constant factor
xg, gd_errors = 0.0, []
for _ in range(10):
    xg -= 0.25 * (math.exp(xg) - 2)
    gd_errors.append(abs(xg - math.log(2)))
ratios = [after / before for before, after in zip(gd_errors, gd_errors[1:])]
assert all(0.4 < r < 0.6 for r in ratios[3:])  # about 1 - 0.25 * f''(ln 2) = 0.5 per step

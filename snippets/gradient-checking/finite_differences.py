import torch


def f(x):
    return x**3                      # f'(x) = 3x^2, so f'(2) = 12


x = torch.tensor(2.0, dtype=torch.float64)
exact = 3 * x**2

print("     h    forward    error     central    error")
for h in (0.1, 0.01, 0.001):
    forward = (f(x + h) - f(x)) / h
    central = (f(x + h) - f(x - h)) / (2 * h)
    print(f"{h:6}  {forward:9.6f}  {forward - exact:.1e}  {central:9.6f}  {central - exact:.1e}")
# --- checks ---
errors = {}
for h in (0.1, 0.01, 0.001):
    fwd = ((f(x + h) - f(x)) / h - exact).item()
    cen = ((f(x + h) - f(x - h)) / (2 * h) - exact).item()
    errors[h] = (fwd, cen)
    assert abs(fwd - (6 * h + h**2)) < 1e-9          # the paper result: 6h + h^2, exactly
    assert abs(cen - h**2) < 1e-9                    # the paper result: h^2, exactly
assert exact.item() == 12.0 and 3 * 2**2 == 12
f2, f3 = 6 * 2.0, 6.0                                 # f''(x) = 6x at x = 2, f'''(x) = 6
assert f2 / 2 == 6 and f3 / 6 == 1                    # the general formulas: h/2 f'' and h^2/6 f'''
assert (2 + 0.5) ** 3 == 8 + 12 * 0.5 + 6 * 0.5**2 + 0.5**3
assert (2 - 0.5) ** 3 == 8 - 12 * 0.5 + 6 * 0.5**2 - 0.5**3
fwd_01, cen_01 = errors[0.1]
fwd_0001, cen_0001 = errors[0.001]
assert 90 < fwd_01 / fwd_0001 < 110                   # h / 100: forward error / 100
assert 9e3 < cen_01 / cen_0001 < 1.1e4                # h / 100: central error / 10000

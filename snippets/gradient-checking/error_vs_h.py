import matplotlib.pyplot as plt
import torch

plt.rcParams["font.size"] = 12                   # exponents big enough for a phone


def f(x):
    return x**3                      # f'(2) = 12


def central_error(dtype, h):
    x = torch.tensor(2.0, dtype=dtype)
    return ((f(x + h) - f(x - h)) / (2 * h) - 12).abs().item()


hs = torch.logspace(-1, -13, 49, dtype=torch.float64).tolist()   # 0.1 down to 1e-13
fig, ax = plt.subplots(figsize=(3.7, 3.3), layout="constrained")
for dtype in (torch.float32, torch.float64):
    errors = [central_error(dtype, h) for h in hs]
    ax.loglog(hs, errors, marker=".", label=str(dtype).removeprefix("torch."))
    best = min(range(len(hs)), key=errors.__getitem__)
    print(f"{dtype}: best h {hs[best]:.0e} (error {errors[best]:.1e}),",
          f"at h = 1e-6 error {central_error(dtype, 1e-6):.1e}")

ax.loglog(hs, [h**2 for h in hs], "k:", label="$h^2$")  # the truncation error
ax.axvline(1e-6, color="gray", lw=0.8)           # the step gradcheck uses by default
ax.set_ylim(1e-12, 1e2)
ax.set_xticks([1e-12, 1e-9, 1e-6, 1e-3])         # every third power of ten
ax.set_yticks([1e-12, 1e-9, 1e-6, 1e-3, 1])
ax.set_xlabel("step h")
ax.set_ylabel("error")
fig.legend(loc="outside upper center", ncols=3)  # above the plot, clear of the curves
ax.grid(True, which="major", alpha=0.3)
plt.show()
# --- checks ---
import math

err = {d: [central_error(d, h) for h in hs] for d in (torch.float32, torch.float64)}
best_i = {d: min(range(len(hs)), key=e.__getitem__) for d, e in err.items()}
best_h32, best_h64 = hs[best_i[torch.float32]], hs[best_i[torch.float64]]
best_err32, best_err64 = err[torch.float32][best_i[torch.float32]], err[torch.float64][best_i[torch.float64]]
at_eps32, at_eps64 = central_error(torch.float32, 1e-6), central_error(torch.float64, 1e-6)
assert 1e-3 < best_h32 < 3e-2 and 1e-6 < best_h64 < 3e-5          # around eps^(1/3)
assert 1e-6 < best_err32 < 1e-4 and 1e-12 < best_err64 < 1e-9      # around eps^(2/3)
assert at_eps32 > 0.1 and at_eps64 < 1e-8                          # gradcheck's step: hopeless vs fine
# float32: below some h, 2 + h rounds to 2, the difference is 0 and the error is the whole 12
flat = [h for h, e in zip(hs, err[torch.float32]) if e == 12.0]
assert flat and all(e == 12.0 for h, e in zip(hs, err[torch.float32]) if h <= max(flat))
plateau_h = max(flat)
assert torch.tensor(2.0) + plateau_h == torch.tensor(2.0) and 1e-8 < plateau_h < 2e-7
# the paper estimates: eps^(1/3) and eps^(2/3) in both dtypes
eps32, eps64 = torch.finfo(torch.float32).eps, torch.finfo(torch.float64).eps
assert round(eps32 ** (1 / 3), 3) == 0.005 and round(eps64 ** (1 / 3), 6) == 6e-6   # the page's values
assert round(eps32 ** (2 / 3), 6) == 2.4e-5 and round(eps64 ** (2 / 3), 12) == 3.7e-11
# left of the minimum the error grows about like 1/h (slope -1 on log-log axes): fit it in float64
left = [(math.log10(h), math.log10(e)) for h, e in zip(hs, err[torch.float64]) if 1e-12 <= h <= 1e-6 and e > 0]
mx, my = sum(a for a, _ in left) / len(left), sum(b for _, b in left) / len(left)
slope = sum((a - mx) * (b - my) for a, b in left) / sum((a - mx) ** 2 for a, _ in left)
assert -1.4 < slope < -0.6, slope
assert len(plt.get_fignums()) == 1

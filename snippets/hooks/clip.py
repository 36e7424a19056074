import matplotlib.pyplot as plt
import torch

w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
max_norm = 2.5
fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.add_patch(plt.Circle((0, 0), max_norm, fill=False, linestyle="--"))

for gw, gb in [(3.0, 4.0), (1.2, -0.9)]:
    w.grad = b.grad = None
    (gw * w + gb * b).backward()                  # w.grad = gw, b.grad = gb
    total = torch.nn.utils.clip_grad_norm_([w, b], max_norm)
    print(f"grads ({gw}, {gb}): returned {total.item():.4f}, "
          f"grads now ({w.grad.item():.4f}, {b.grad.item():.4f})")
    before, after = (gw, gb), (w.grad.item(), b.grad.item())
    ax.annotate("", xy=before, xytext=(0, 0), arrowprops={"color": "0.75", "width": 4})
    ax.annotate("", xy=after, xytext=(0, 0), arrowprops={"color": "C1", "width": 1})

ax.set(xlim=(-3, 5), ylim=(-3, 5), aspect="equal", xlabel="w.grad", ylabel="b.grad",
       title="grey: before clipping, orange: after")
ax.grid(alpha=0.3)
plt.show()
# --- checks ---
import math

def clip_once(gw, gb, max_norm=2.5):
    w.grad, b.grad = None, None
    (gw * w + gb * b).backward()
    total = torch.nn.utils.clip_grad_norm_([w, b], max_norm)
    return total.item(), w.grad.item(), b.grad.item()

big_total, big_w, big_b = clip_once(3.0, 4.0)
small_total, small_w, small_b = clip_once(1.2, -0.9)
assert big_total == 5.0 and math.sqrt(3**2 + 4**2) == 5.0               # the norm before clipping
assert abs(small_total - 1.5) < 1e-6 and math.isclose(math.hypot(1.2, -0.9), 1.5)
assert (small_w, small_b) == (torch.tensor(1.2).item(), torch.tensor(-0.9).item())  # unchanged, bit for bit
coef = 2.5 / (5.0 + 1e-6)                                                # max_norm / (total + 1e-6)
assert math.isclose(big_w, 3.0 * coef, rel_tol=1e-6) and math.isclose(big_b, 4.0 * coef, rel_tol=1e-6)
assert big_w < 1.5 and big_b < 2.0                                       # just below: the 1e-6
big_after = math.hypot(big_w, big_b)
assert 2.5 - 1e-5 < big_after < 2.5
assert math.isclose(big_w / big_b, 3.0 / 4.0, rel_tol=1e-6)              # same direction
assert abs(3.0 * 0.5 - 1.5) < 1e-12 and 2.5 / 5 == 0.5
assert isinstance(total, torch.Tensor) and total.shape == ()
assert math.isclose(1.2**2 + 0.9**2, 2.25) and math.isclose(1.44 + 0.81, 2.25) and 3**2 + 4**2 == 25

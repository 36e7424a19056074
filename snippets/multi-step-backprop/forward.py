# snippet: graph=out
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
z = 10 * y**2
out = z.mean()

print("y:", y)
print("z:", z)
print("out:", out)
print("out.item():", out.item())
# --- checks ---
assert torch.equal(y, torch.tensor([[9.0, 15.0, 21.0], [21.0, 15.0, 9.0]]))
assert torch.equal(z, torch.tensor([[810.0, 2250.0, 4410.0], [4410.0, 2250.0, 810.0]]))
assert out.item() == 2490.0
assert (810 + 2250 + 4410) * 2 == 14940 and 14940 / 6 == 2490
assert (6 * 1 + 3, 6 * 2 + 3, 6 * 3 + 3) == (9, 15, 21)  # the mental check in the prose
assert (10 * 9**2, 10 * 15**2, 10 * 21**2) == (810, 2250, 4410)
assert list(z.shape) == [2, 3] and list(out.shape) == []
assert [type(t.grad_fn).__name__ for t in (y, z, out)] == ["AddBackward0", "MulBackward0", "MeanBackward0"]
assert x.is_leaf and not y.is_leaf and not z.is_leaf
try:
    torch.tensor([[1, 2, 3], [3, 2, 1]], requires_grad=True)
except RuntimeError:
    pass
else:
    raise AssertionError("an integer tensor accepted requires_grad=True")

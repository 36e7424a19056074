import torch

x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], requires_grad=True)
y = 6 * x + 3
z = 10 * y**2
out = z.mean()
out.backward()

by_hand = 20 * (6 * x.detach() + 3)  # d(out)/dx = 20(6x + 3)
print("x.grad: ", x.grad)
print("by hand:", by_hand)
print("allclose:", torch.allclose(x.grad, by_hand))
print("equal:   ", torch.equal(x.grad, by_hand))
print("x.grad as Python floats:", x.grad.tolist())
# --- checks ---
expected = torch.tensor([[180.0, 300.0, 420.0], [420.0, 300.0, 180.0]])
assert torch.equal(by_hand, expected)
assert torch.allclose(x.grad, expected)
assert not torch.equal(x.grad, expected)  # float32 rounding, explained in the prose
assert (x.grad - expected).abs().max().item() < 1e-4
assert (x.grad - expected).abs().max().item() > 0
assert (20 * 9, 20 * 15, 20 * 21) == (180, 300, 420)
assert x.grad[0, 0].item() == 180.00001525878906
assert x.grad[0, 2].item() == 420.0 and x.grad[1, 0].item() == 420.0
assert by_hand[0, 0].item() == 180.0 and x.grad[0, 1].item() != 300.0  # exact where the prose says, off where it says
diff = (x.grad - expected).abs()
assert 1e-5 <= diff[0, 0].item() < 1e-4 and 1e-5 <= diff[0, 1].item() < 1e-4
assert 1e-5 <= diff[1, 2].item() < 1e-4 and 1e-5 <= diff[1, 1].item() < 1e-4
assert diff[1, 0].item() == 0.0
from fractions import Fraction

assert Fraction(torch.tensor(1 / 6).item()) != Fraction(1, 6)
assert not by_hand.requires_grad and x.detach().data_ptr() == x.data_ptr()
assert not x.detach().requires_grad and x.detach().grad_fn is None  # no history, untracked

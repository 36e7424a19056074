import torch

# Shapes are compared from the right; a missing dimension counts as 1.
print(torch.broadcast_shapes((3, 2), (2,)))     # 2 vs 2, 3 vs missing
print(torch.broadcast_shapes((3, 1), (3, 2)))   # 1 vs 2, 3 vs 3
print(torch.broadcast_shapes((4, 1), (3,)))     # 1 vs 3, 4 vs missing
print(torch.broadcast_shapes((), (3, 2)))       # a scalar: every dimension missing

# A Python number follows the same rule as a tensor of shape ().
m = torch.tensor([[1, 2], [3, 4], [5, 6]])
print(m + 10)
print(m + torch.tensor(10))
# --- checks ---
assert torch.broadcast_shapes((3, 2), (2,)) == (3, 2)
assert torch.broadcast_shapes((3, 1), (3, 2)) == (3, 2)
assert torch.broadcast_shapes((4, 1), (3,)) == (4, 3)
assert torch.broadcast_shapes((), (3, 2)) == (3, 2)
assert torch.equal(m + 10, m + torch.tensor(10))
assert torch.equal(m + 10, torch.tensor([[11, 12], [13, 14], [15, 16]]))
# in-place: the broadcast result must have the left operand's shape
a = torch.zeros(3, 2)
a += torch.ones(2)
try:
    c = torch.zeros(3, 1)
    c += torch.ones(3, 2)
    raise AssertionError("expected an error")
except RuntimeError:
    pass

import torch

b = torch.tensor([[1, 2], [3, 4], [5, 6]])       # shape (3, 2)

# One value per row: make it a column of shape (3, 1).
col = torch.tensor([[1], [2], [3]])
print(col.shape, "+", b.shape)
print(col + b, (col + b).shape)

# One value per column: a vector of shape (2,).
row = torch.tensor([1, 2])
print(row.shape, "+", b.shape)
print(row + b, (row + b).shape)
# --- checks ---
assert torch.equal(col + b, torch.tensor([[2, 3], [5, 6], [8, 9]]))
assert torch.equal(row + b, torch.tensor([[2, 4], [4, 6], [6, 8]]))
assert (col + b).shape == (3, 2) and (row + b).shape == (3, 2)
assert (col + b).shape == (row + b).shape == b.shape   # the page: both have the matrix's shape
assert torch.equal(torch.tensor([1, 2, 3]).unsqueeze(1), col)
assert torch.equal(torch.tensor([1, 2, 3])[:, None], col)
assert row.expand(3, 2).stride() == (0, 1) and col.expand(3, 2).stride() == (1, 0)

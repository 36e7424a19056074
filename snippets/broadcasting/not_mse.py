import torch

y = torch.tensor([4.0, 6.0])          # two predictions; the target is 5 for both

print("(y - 5).mean():       ", (y - 5).mean())         # errors -1 and +1 cancel
print("((y - 5) ** 2).mean():", ((y - 5) ** 2).mean())  # the mean squared error
# --- checks ---
assert (y - 5).mean().item() == 0.0
assert ((y - 5) ** 2).mean().item() == 1.0
assert ((4 - 5) ** 2 + (6 - 5) ** 2) / 2 == 1.0

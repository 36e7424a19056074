import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
x_view = x.detach()
x_view[0] = 100.0                    # writes into x's memory too
print("x:", x)

x_copy = x.detach().clone()          # an independent copy
x_copy[1] = -1.0                     # x is not affected
print("x:", x)
print("x_copy:", x_copy)
# --- checks ---
assert x.tolist() == [100., 2., 3.]
assert x_copy.tolist() == [100., -1., 3.]

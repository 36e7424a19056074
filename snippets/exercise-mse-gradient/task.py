import torch

torch.manual_seed(0)
W = torch.rand(1, 3, requires_grad=True)        # uniform on [0, 1)
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
Y_target = torch.tensor([[1.0, 2.0]])

Y = W @ X
loss = ((Y - Y_target) ** 2).mean()

print("W:", W)
print("Y:", Y, " shape:", Y.shape)
print("loss:", loss)
# --- checks ---
assert W.shape == (1, 3) and ((W >= 0) & (W < 1)).all()
assert X.shape == (3, 2) and Y.shape == (1, 2) and Y_target.shape == (1, 2)
assert W.is_leaf and not Y.is_leaf
assert torch.allclose(loss, torch.nn.functional.mse_loss(Y, Y_target))

import torch

torch.manual_seed(0)
W = torch.rand(1, 3, requires_grad=True)
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
Y_target = torch.tensor([[1.0, 2.0]])

Y = W @ X
loss = ((Y - Y_target) ** 2).mean()
loss.backward()

n = Y.numel()                                   # number of elements of Y
with torch.no_grad():
    by_hand = (2 / n) * (Y - Y_target) @ X.T    # (1, 2) @ (2, 3) -> (1, 3)

print("n:", n)
print("autograd W.grad:", W.grad)
print("by hand:        ", by_hand)
for k in range(3):
    print(f"dL/dW[0, {k}]   autograd {W.grad[0, k].item():9.5f}   by hand {by_hand[0, k].item():9.5f}")
print("allclose:", torch.allclose(W.grad, by_hand))
# --- checks ---
assert n == 2
assert by_hand.shape == W.grad.shape == W.shape == (1, 3)
assert torch.allclose(W.grad, by_hand)
assert by_hand.grad_fn is None
# the common slip: n taken as the number of rows doubles the gradient
assert Y.shape[0] == 1
assert torch.allclose((2 / Y.shape[0]) * (Y - Y_target).detach() @ X.T, 2 * W.grad)
# the formula computed outside no_grad carries a grad_fn
assert ((2 / n) * (Y - Y_target) @ X.T).grad_fn is not None
# X instead of X.T does not fit
try:
    (Y - Y_target).detach() @ X
    raise AssertionError("expected a shape error")
except RuntimeError:
    pass
# a second backward() adds to W.grad: twice the gradient
grad_once = W.grad.clone()
((W @ X - Y_target) ** 2).mean().backward()
assert torch.allclose(W.grad, 2 * by_hand)
second_backward_factor = (W.grad / grad_once).unique().item()   # the page: fails by this factor
assert second_backward_factor == 2.0

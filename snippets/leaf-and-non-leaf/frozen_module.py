# snippet: warns="not a leaf Tensor" warns="use .retain_grad() on the non-leaf Tensor"
import torch
from torch import nn

M = nn.Linear(2, 2)
with torch.no_grad():
    M.weight.fill_(1)
    M.bias.fill_(1)
M.requires_grad_(False)              # freeze every parameter of M

a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([13., 32.], requires_grad=True)
c = M(a)
c2 = M(b)
d = c * 2
d.sum().backward()

print("c:", c)
print("c2:", c2)
print("a.grad:", a.grad)
print("b.grad:", b.grad)
print("c.grad:", c.grad)
print("M.weight.grad:", M.weight.grad)
print("leaves?", a.is_leaf, b.is_leaf, c.is_leaf, M.weight.is_leaf)
print("M.weight.requires_grad:", M.weight.requires_grad)
# --- checks ---
assert torch.equal(c, torch.tensor([4., 4.]))
assert torch.equal(c2, torch.tensor([46., 46.]))
assert torch.equal(a.grad, torch.tensor([4., 4.]))
assert b.grad is None
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    c_grad = c.grad                  # read without a second warning, for the prose
assert c_grad is None
assert M.weight.grad is None and M.bias.grad is None
assert a.is_leaf and b.is_leaf and not c.is_leaf and M.weight.is_leaf
assert not M.weight.requires_grad
assert c2.requires_grad and c2.grad_fn is not None
assert c.requires_grad and c.grad_fn is not None  # frozen, yet c is still in the graph
assert 1 + 2 + 1 == 4                            # c_1 = c_2 = a_1 + a_2 + 1, by hand
assert 2 * 1 + 2 * 1 == 4                        # dL/da_i = 2 dc_1/da_i + 2 dc_2/da_i, by hand
# what the page says of nn.Linear before it is used: leaf parameters that require grad, with
# random starting values, and M(a) = M.weight @ a + M.bias
L = nn.Linear(2, 2)
assert L.weight.shape == (2, 2) and L.bias.shape == (2,)
assert L.weight.is_leaf and L.weight.requires_grad and L.bias.is_leaf and L.bias.requires_grad
assert not torch.equal(L.weight, nn.Linear(2, 2).weight)            # random initial values
assert torch.allclose(L(a), L.weight @ a + L.bias)
try:                                 # and why the filling is done under no_grad
    L.weight.fill_(1)
except RuntimeError as error:
    assert "a leaf Variable that requires grad is being used in an in-place operation" in str(error)
else:
    raise AssertionError("fill_ on a parameter outside no_grad did not raise")

# snippet: warns="no inputs require gradients"
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
seen = {}

def report(module, grad_input, grad_output):
    seen[module] = (grad_input, grad_output)
    print(module)
    print("  grad_output:", [g.shape for g in grad_output])
    print("  grad_input: ", [None if g is None else g.shape for g in grad_input])

for layer in model:
    layer.register_full_backward_hook(report)

x = torch.randn(4, 3)                 # a batch of 4 samples with 3 features each
loss = model(x).sum()
loss.backward()
# --- checks ---
first, second = model
gi2, go2 = seen[second]
gi1, go1 = seen[first]
assert len(gi2) == 1 and len(go2) == 1 and len(gi1) == 1 and len(go1) == 1
assert gi2[0].shape == (4, 2) and go2[0].shape == (4, 1) and go1[0].shape == (4, 2)
assert gi1[0] is None                                     # x does not require grad
assert torch.equal(go2[0], torch.ones(4, 1))              # d(sum)/d(out) = 1
assert torch.allclose(gi2[0], go2[0] @ second.weight)     # dL/dh = dL/dout @ W2
assert torch.allclose(gi2[0], second.weight.expand(4, 2))
assert torch.equal(go1[0], gi2[0])                        # what leaves layer 2 enters layer 1
assert list(seen) == [second, first]                      # backward order: last layer first
assert first.weight.grad.shape == (2, 3)                  # parameter gradients go to .grad, not grad_input
w2_row = second.weight.detach()[0]
# with an input that requires grad, the first layer's grad_input is dL/dx, shape (4, 3)
seen.clear()
x.requires_grad_()
model.zero_grad()
model(x).sum().backward()
gi1_x = seen[first][0]
assert gi1_x[0].shape == (4, 3) and torch.allclose(gi1_x[0], x.grad)
assert torch.allclose(x.grad, seen[first][1][0] @ first.weight)
# a full backward hook may return a new grad_input: it replaces what flows further back
lin = nn.Linear(3, 2)
lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 0,))
z = torch.randn(4, 3, requires_grad=True)
lin(z).sum().backward()
assert torch.equal(z.grad, torch.zeros(4, 3)) and lin.weight.grad.abs().sum() > 0   # the layer's own .grad unaffected
assert second.weight.shape == (1, 2) and first.weight.shape == (2, 3)

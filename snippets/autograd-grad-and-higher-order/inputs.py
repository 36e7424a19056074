# snippet: raises=RuntimeError match="appears to not have been used in the graph"
import torch

w = torch.tensor(3.0, requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)
c = torch.tensor(5.0, requires_grad=True)  # a parameter that the loss never uses
h = 2 * w + b
loss = h**2

print(torch.autograd.grad(loss, inputs=[w], retain_graph=True))
print(torch.autograd.grad(loss, inputs=[h], retain_graph=True))  # h is not a leaf
print(torch.autograd.grad(loss, inputs=[w, c], allow_unused=True, retain_graph=True))
print(torch.autograd.grad(loss, inputs=[w, c]))
# --- checks ---
assert "Set allow_unused=True" in str(raised)
assert "index 1" in str(raised)
h = 2 * w + b  # the failed call freed the graph: build it again for the checks
loss = h**2
dw_only = torch.autograd.grad(loss, inputs=[w], retain_graph=True)
dh = torch.autograd.grad(loss, inputs=[h], retain_graph=True)
assert dw_only[0].item() == 28.0 and dh[0].item() == 14.0 and 2 * 7 == 14
assert not h.is_leaf and h.grad_fn is not None
unused = torch.autograd.grad(loss, inputs=[w, c], allow_unused=True, retain_graph=True)
assert unused[0].item() == 28.0 and unused[1] is None
c_grad = unused[1]
zeros = torch.autograd.grad(loss, inputs=[w, c], materialize_grads=True, retain_graph=True)
assert zeros[1].item() == 0.0
# backward(inputs=...) accumulates into the .grad of the listed leaves only
loss.backward(inputs=[w])
assert w.grad.item() == 28.0 and b.grad is None and c.grad is None

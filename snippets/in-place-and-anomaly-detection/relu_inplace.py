# snippet: raises=RuntimeError match="output 0 of Sigmoid, is at version 1; expected version 0 instead"
import torch
from torch import nn
torch.manual_seed(0)                 # the random numbers this page shows

layer = nn.Linear(3, 4)
relu = nn.ReLU(inplace=True)
x = torch.randn(2, 3)

h = layer(x)                         # AddmmBackward0 saves x and the weight, not h
loss = relu(h).sum()                 # overwrites h
loss.backward()
print("after Linear:  h._version =", h._version, "-> backward OK")

s = torch.sigmoid(layer(x))          # SigmoidBackward0 saves its output s
loss = relu(s).sum()                 # overwrites s
print("after Sigmoid: s._version =", s._version)
loss.backward()
# --- checks ---
# the safe half gives exactly the gradient of the out-of-place ReLU
ref = nn.Linear(3, 4)
ref.load_state_dict(layer.state_dict())
torch.relu(ref(x)).sum().backward()
first_grad = ref.weight.grad.clone()
layer2 = nn.Linear(3, 4)
layer2.load_state_dict(ref.state_dict())
h2 = layer2(x)
relu(h2).sum().backward()
assert torch.equal(layer2.weight.grad, first_grad)
assert h._version == 1 and s._version == 1
# a sigmoid's output is positive: the ReLU changed no value of s, and backward raised all the same
s2 = torch.sigmoid(ref(x)).detach()
assert (s2 > 0).all() and torch.equal(torch.relu(s2), s2) and torch.equal(s.detach(), s2)
# what each node keeps
assert "_saved_result" in dir(h2.grad_fn) and h2.grad_fn.name() == "ReluBackward0"
s3 = torch.sigmoid(ref(x))
assert "_saved_result" in dir(s3.grad_fn) and torch.equal(s3.grad_fn._saved_result, s3)
a3 = ref(x)
assert a3.grad_fn._saved_mat1 is x and "_saved_result" not in dir(a3.grad_fn)
assert "output 0 of Sigmoid" in str(raised)
import re

which = re.search(r"output \d+ of \w+", str(raised)).group()
assert which == "output 0 of Sigmoid"

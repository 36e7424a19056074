import torch
from torch import nn
torch.manual_seed(0)                 # the random numbers this page shows

hidden = nn.Linear(2, 8)
relu = nn.ReLU(inplace=True)
out = nn.Linear(8, 1)
opt = torch.optim.SGD([*hidden.parameters(), *out.parameters()], lr=0.5)

x = torch.randn(64, 2)
t = (x.sum(dim=1, keepdim=True) > 0).float()   # label 1 when x1 + x2 > 0


def forward(x):
    h = relu(hidden(x))                        # in place, and safe: hidden saved x, not h
    p = torch.sigmoid(out(h))
    return p.clamp(1e-6, 1 - 1e-6)             # out of place: p stays as SigmoidBackward0 saved it


for step in range(100):
    p = forward(x)
    loss = -(t * p.log() + (1 - t) * (1 - p).log()).mean()
    if step == 0:
        print("first loss:", loss.item())
    opt.zero_grad()
    loss.backward()
    opt.step()
accuracy = ((forward(x) > 0.5).float() == t).float().mean()
print("last loss: ", loss.item())
print("accuracy:  ", accuracy.item())
# --- checks ---
import torch.nn.functional as F

torch.manual_seed(0)
hidden2, out2 = nn.Linear(2, 8), nn.Linear(8, 1)
x2 = torch.randn(64, 2)
assert torch.equal(x2, x)
# the clean fix: the loss on the logits, no sigmoid, no clamp; same gradient here (no p was near 0 or 1)
logits = out2(torch.relu(hidden2(x2)))
F.binary_cross_entropy_with_logits(logits, t).backward()
hidden3, out3 = nn.Linear(2, 8), nn.Linear(8, 1)
hidden3.load_state_dict(hidden2.state_dict()); out3.load_state_dict(out2.state_dict())
p3 = torch.sigmoid(out3(relu(hidden3(x2)))).clamp(1e-6, 1 - 1e-6)
(-(t * p3.log() + (1 - t) * (1 - p3).log()).mean()).backward()
assert torch.allclose(out3.weight.grad, out2.weight.grad, atol=1e-6)
assert torch.allclose(hidden3.weight.grad, hidden2.weight.grad, atol=1e-6)
assert ((p3 > 1e-6) & (p3 < 1 - 1e-6)).all()
assert loss.item() < 0.3 and accuracy.item() > 0.9

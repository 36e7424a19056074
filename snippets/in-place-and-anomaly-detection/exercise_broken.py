# snippet: raises=RuntimeError match="output 0 of Sigmoid, is at version 1; expected version 0 instead"
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
    h = relu(hidden(x))
    p = torch.sigmoid(out(h))
    p.clamp_(1e-6, 1 - 1e-6)                   # keep the logs below finite
    return p


for step in range(100):
    p = forward(x)
    loss = -(t * p.log() + (1 - t) * (1 - p).log()).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
print("loss:", loss.item())
# --- checks ---
assert step == 0  # it fails on the very first backward()
assert "output 0 of Sigmoid" in str(raised)

# snippet: warns="Anomaly Detection has been enabled"
import warnings
import torch
from torch import nn
torch.manual_seed(0)                 # the random numbers this page shows

hidden = nn.Linear(2, 8)
relu = nn.ReLU(inplace=True)
out = nn.Linear(8, 1)
x = torch.randn(64, 2)
t = (x.sum(dim=1, keepdim=True) > 0).float()


def forward(x):
    h = relu(hidden(x))
    p = torch.sigmoid(out(h))
    p.clamp_(1e-6, 1 - 1e-6)                   # keep the logs below finite
    return p


with torch.autograd.detect_anomaly():
    with warnings.catch_warnings(record=True) as caught:
        p = forward(x)
        loss = -(t * p.log() + (1 - t) * (1 - p).log()).mean()
        try:
            loss.backward()
        except RuntimeError:
            pass                               # the error we saw above: read the report instead

report = str(caught[0].message).splitlines()
print(report[0])
for frame, code in zip(report, report[1:]):
    if frame.endswith("in forward"):
        print(code)
# --- checks ---
assert len(caught) == 1
assert report[0] == "Error detected in SigmoidBackward0. Traceback of forward call that caused the error:"
ours = [code.strip() for frame, code in zip(report, report[1:]) if frame.endswith("in forward")]
assert ours == ["p = torch.sigmoid(out(h))"]
failed_node = report[0].split()[3].rstrip(".")
forward_line = ours[0]
assert failed_node == "SigmoidBackward0"

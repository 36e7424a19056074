# snippet: raises=RuntimeError match="is at version 1; expected version 0 instead"
import torch

w = torch.tensor(1.0, requires_grad=True)
y = w ** 2                   # autograd saves w to compute dy/dw = 2w later

with torch.no_grad():
    w += 4.0                 # the modern idiom: the change is recorded
y.backward()

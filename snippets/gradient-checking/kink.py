# snippet: raises=GradcheckError match="Jacobian mismatch for output 0 with respect to input 0"
import torch
from torch.autograd import gradcheck

x = torch.tensor([-1.0, 2.0], dtype=torch.float64, requires_grad=True)
print("away from 0:", gradcheck(torch.relu, (x,)))

x = torch.tensor([0.0, 2.0], dtype=torch.float64, requires_grad=True)
print("at 0:", gradcheck(torch.relu, (x,)))
# --- checks ---
message = str(raised)
assert "numerical:tensor([[0.5000, 0.0000]," in message and "analytical:tensor([[0., 0.]," in message
# by hand: (relu(h) - relu(-h)) / 2h = h / 2h = 1/2
h = 1e-6
assert (max(h, 0) - max(-h, 0)) / (2 * h) == 0.5
z = torch.zeros((), dtype=torch.float64, requires_grad=True)
torch.relu(z).backward()
assert z.grad.item() == 0.0
# closer to the kink than the step: fails too
near = torch.tensor([1e-7, 2.0], dtype=torch.float64, requires_grad=True)
assert not gradcheck(torch.relu, (near,), raise_exception=False)

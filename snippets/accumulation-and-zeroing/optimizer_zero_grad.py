import torch
from torch import nn

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)

loss = model(torch.tensor([1., 2.])).sum()
loss.backward()
print("after backward:   ", model.weight.grad)

opt.zero_grad()
print("after zero_grad():", model.weight.grad)
print("is None:", model.weight.grad is None)
# --- checks ---
after_zero_grad = model.weight.grad            # before the checks below fill it again
assert after_zero_grad is None and model.bias.grad is None
model(torch.tensor([1., 2.])).sum().backward()
assert model.weight.grad.tolist() == [[1., 2.]]
p = nn.Parameter(torch.ones(1))
o = torch.optim.SGD([p], lr=0.1)
(p * 3).sum().backward()
o.zero_grad()
o.step()
assert p.item() == 1.0
model(torch.tensor([1., 2.])).sum().backward()
model.zero_grad()
assert model.weight.grad is None and model.bias.grad is None
# "the result of the next step is the same": None or zeros before a backward(), the step is identical
m_none, m_zeros = nn.Linear(2, 1), nn.Linear(2, 1)
m_zeros.load_state_dict(m_none.state_dict())
for m, set_to_none in ((m_none, True), (m_zeros, False)):
    o = torch.optim.SGD(m.parameters(), lr=0.1)
    m(torch.tensor([1., 2.])).sum().backward()
    o.zero_grad(set_to_none=set_to_none)
    m(torch.tensor([3., -1.])).sum().backward()
    o.step()
assert torch.equal(m_none.weight, m_zeros.weight) and torch.equal(m_none.bias, m_zeros.bias)

import matplotlib.pyplot as plt
import torch


class RoundSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)              # forward: round to the nearest integer

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output                 # backward: as if forward were the identity


x = torch.linspace(-2, 2, 401, requires_grad=True)
torch.round(x).sum().backward()
round_grad, x.grad = x.grad, None
RoundSTE.apply(x).sum().backward()
ste_grad = x.grad
print("gradients of torch.round:", round_grad.unique())
print("gradients of RoundSTE:   ", ste_grad.unique())

xs = x.detach()
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4, 5), sharex=True, layout="constrained")
top.plot(xs, torch.round(xs), label="round(x): forward")
top.plot(xs, xs, "k:", label="x: what backward assumes")
top.set(title="forward")
bottom.plot(xs, round_grad, label="torch.round")
bottom.plot(xs, ste_grad, "--", label="RoundSTE")
bottom.set(xlabel="x", ylim=(-0.2, 1.2), yticks=[0, 1], title="gradient passed back")
top.legend(loc="upper left")
bottom.legend(loc="center right")
for ax in (top, bottom):
    ax.grid(alpha=0.3)
plt.show()
# --- checks ---
assert torch.equal(RoundSTE.apply(xs), torch.round(xs))          # same forward
assert round_grad.unique().tolist() == [0.0] and ste_grad.unique().tolist() == [1.0]
# the STE passes grad_output unchanged: with weights, the weights come back
xw = torch.tensor([0.3, 1.7, -0.6], requires_grad=True)
(torch.tensor([2.0, -1.0, 5.0]) * RoundSTE.apply(xw)).sum().backward()
assert xw.grad.tolist() == [2.0, -1.0, 5.0]
assert torch.round(torch.tensor([0.5, 1.5, 2.5])).tolist() == [0.0, 2.0, 2.0]   # half to even
# what it is for: a weight used rounded in the forward still learns
w = torch.tensor(0.2, requires_grad=True)                         # round(0.2) = 0
for _ in range(20):
    loss = (RoundSTE.apply(w) * 3.0 - 6.0) ** 2                   # best integer weight: 2
    w.grad = None
    loss.backward()
    with torch.no_grad():
        w -= 0.05 * w.grad
assert torch.round(w).item() == 2.0
w_final = round(w.item(), 4)
assert w_final == 2.0                                             # one step: 0.2 - 0.05 * (2 * (0 - 6) * 3)
# the same STE without a Function: forward round(x), gradient 1
xd = torch.tensor([0.3, 1.7, -0.6], requires_grad=True)
yd = xd + (torch.round(xd) - xd).detach()
yd.sum().backward()
assert torch.equal(yd.detach(), torch.round(xd.detach())) and xd.grad.tolist() == [1.0, 1.0, 1.0]
w0 = torch.tensor(0.2, requires_grad=True)
((torch.round(w0) * 3.0 - 6.0) ** 2).backward()
assert w0.grad.item() == 0.0                                      # without the STE it never moves
assert len(plt.get_fignums()) == 1

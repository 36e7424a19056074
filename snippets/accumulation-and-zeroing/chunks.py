import torch

xs = torch.tensor([1.0, 2.0, 3.0, 4.0])
ts = torch.tensor([3.0, 5.0, 7.0, 9.0])
w = torch.tensor(1.0, requires_grad=True)

((w * xs - ts) ** 2).mean().backward()       # the full batch of 4 samples at once
full = w.grad.clone()
print("full batch:        ", full)

w.grad = None
k = 2                                        # the same 4 samples in k chunks of 2
for x, t in zip(xs.chunk(k), ts.chunk(k)):
    loss = ((w * x - t) ** 2).mean()         # the mean over this chunk only
    (loss / k).backward()                    # divided by k before it accumulates
print("2 chunks, loss / k:", w.grad)
# --- checks ---
assert torch.equal(w.grad, full) and full.item() == -20.0
# without the division, the accumulated gradient is k times the full-batch one
w.grad = None
for x, t in zip(xs.chunk(k), ts.chunk(k)):
    ((w * x - t) ** 2).mean().backward()
undivided = w.grad.clone()
assert torch.equal(undivided, k * full)

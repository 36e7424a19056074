import torch

xs = torch.tensor([1.0, 2.0, 3.0])
ys = 2 * xs
lr = 0.01

def train(method):
    w = torch.tensor(1.0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)
    history = []                                 # w after every step
    for epoch in range(100):
        for x, y in zip(xs, ys):
            loss = (w * x - y) ** 2
            loss.backward()
            if method == "no_grad":
                with torch.no_grad():
                    w -= lr * w.grad
                    w.grad.zero_()
            elif method == "data":               # the old idiom
                w.data = w.data - lr * w.grad.data
                w.grad.zero_()
            else:
                optimizer.step()
                optimizer.zero_grad()
            history.append(w.item())
    return w.detach(), torch.tensor(history)

w_no_grad, h_no_grad = train("no_grad")
w_data, h_data = train("data")
w_optim, h_optim = train("optim")
print("final w, no_grad:", w_no_grad.item())
print("final w, data:   ", w_data.item())
print("final w, optim:  ", w_optim.item())
print("final w equal:", torch.equal(w_no_grad, w_optim), torch.equal(w_no_grad, w_data))
print("steps:", len(h_optim), " steps where no_grad and optim differ:",
      (h_no_grad != h_optim).sum().item())
print("largest difference:", (h_no_grad - h_optim).abs().max().item())
print("allclose at every step:", torch.allclose(h_no_grad, h_optim))
# --- checks ---
assert torch.equal(w_no_grad, w_optim) and torch.equal(w_no_grad, w_data)
assert torch.allclose(w_no_grad, w_optim)
assert torch.equal(h_no_grad, h_data)
assert len(h_optim) == 300
assert (h_no_grad != h_optim).sum().item() == 20
assert (h_no_grad - h_optim).abs().max().item() == 2.0 ** -23   # one float32 step in [1, 2)
assert ((h_no_grad >= 1) & (h_no_grad < 2)).all()
assert torch.allclose(h_no_grad, h_optim)
# SGD's own update, param.add_(grad, alpha=-lr), reproduces it step by step
w = torch.tensor(1.0, requires_grad=True)
h = []
for epoch in range(100):
    for x, y in zip(xs, ys):
        ((w * x - y) ** 2).backward()
        with torch.no_grad():
            w.add_(w.grad, alpha=-lr)
        w.grad.zero_()
        h.append(w.item())
assert torch.equal(torch.tensor(h), h_optim)

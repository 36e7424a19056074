import torch

x = torch.tensor(3.0, requires_grad=True)

for step in range(3):
    if x.grad is not None:
        x.grad.zero_()               # reset in place before each backward
    y = x ** 2
    y.backward()
    print("step", step, "x.grad:", x.grad)
# --- checks ---
assert x.grad.item() == 6.0 == 2 * x.item()  # the true derivative 2x (18.0 if the steps had accumulated)

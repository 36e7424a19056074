import torch

for f in (torch.relu, torch.abs, torch.sqrt):
    x = torch.tensor(0.0, requires_grad=True)
    f(x).backward()
    print(f"{f.__name__}'(0) = {x.grad.item()}")
# --- checks ---
grads = {}
for f in (torch.relu, torch.abs, torch.sqrt):
    z = torch.tensor(0.0, requires_grad=True)
    f(z).backward()
    grads[f.__name__] = z.grad.item()
assert grads == {"relu": 0.0, "abs": 0.0, "sqrt": float("inf")}
relu0, abs0, sqrt0 = grads["relu"], grads["abs"], grads["sqrt"]
# one-sided slopes: relu 0 and 1, abs -1 and 1; the smallest subgradient in size is 0 for both
for f, left, right in ((torch.relu, 0.0, 1.0), (torch.abs, -1.0, 1.0)):
    for v, expected in ((-1e-3, left), (1e-3, right)):
        z = torch.tensor(v, requires_grad=True)
        f(z).backward()
        assert z.grad.item() == expected
# sqrt: 1 / (2 sqrt(x)) grows without bound as x -> 0
z = torch.tensor(1e-6, dtype=torch.float64, requires_grad=True)
torch.sqrt(z).backward()
assert abs(z.grad.item() - 500.0) < 1e-9
# and the inf turns into nan as soon as it meets a zero: sqrt(x**2) at 0
z = torch.tensor(0.0, requires_grad=True)
torch.sqrt(z**2).backward()
sqrt_of_square = z.grad.item()
assert sqrt_of_square != sqrt_of_square                          # nan, where |x| gives 0

# snippet: graph=dydx
# snippet: raises=RuntimeError match="backward through the graph a second time"
import torch

x = torch.tensor(2.0, requires_grad=True)
u = x**2
y = u**3  # y = x**6, in two steps

(dydx,) = torch.autograd.grad(y, x, create_graph=True)  # retain_graph is True by default here
(d2ydx2,) = torch.autograd.grad(dydx, x)
print("dy/dx:", dydx.item(), " d2y/dx2:", d2ydx2.item())

u = x**2
y = u**3
(dydx,) = torch.autograd.grad(y, x, create_graph=True, retain_graph=False)
print("dy/dx:", dydx.item())
torch.autograd.grad(dydx, x)  # the graph of dydx goes through u's node, freed above
# --- checks ---
assert dydx.item() == 192.0 and d2ydx2.item() == 480.0
assert 6 * 2**5 == 192 and 30 * 2**4 == 480  # 6x^5 and 30x^4 at x = 2, on paper
assert "retain_graph=True" in str(raised)


def nodes(fn, seen):
    if fn is not None and fn not in seen:
        seen.add(fn)
        for next_fn, _ in fn.next_functions:
            nodes(next_fn, seen)
    return seen


assert u.grad_fn in nodes(dydx.grad_fn, set())  # the derivative's graph reuses the node that made u
x3 = torch.tensor(2.0, requires_grad=True)
(d3,) = torch.autograd.grad(x3**3, x3, create_graph=True, retain_graph=False)
assert torch.autograd.grad(d3, x3)[0].item() == 12.0  # x**3 alone: its derivative only needs the leaf

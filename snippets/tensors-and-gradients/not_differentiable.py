import torch

w = torch.tensor([-1.0, 2.0, 3.0], requires_grad=True)

for name, result in [("w * 2", w * 2), ("w > 0", w > 0),
                     ("w.argmax()", w.argmax()), ("w.long()", w.long())]:
    print(f"{name:10}  dtype={str(result.dtype):13}  requires_grad={result.requires_grad}")
# --- checks ---
assert (w * 2).requires_grad
assert not (w > 0).requires_grad and not w.argmax().requires_grad and not w.long().requires_grad
assert (w > 0).grad_fn is None and w.argmax().grad_fn is None and w.long().grad_fn is None
assert (w > 0).dtype == torch.bool and w.argmax().dtype == torch.long and w.long().dtype == torch.long
with torch.no_grad():                                  # outside grad mode the rule does not hold either
    assert not (w * 2).requires_grad

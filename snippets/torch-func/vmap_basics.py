import torch
from torch.func import vmap


def predict(w, x):                     # written for ONE sample: w (3,), x (3,) -> a number
    return torch.dot(w, x)


w = torch.tensor([1.0, -1.0, 2.0])
X = torch.tensor([[1.0, 0.0, 0.0],
                  [0.0, 1.0, 0.0],
                  [1.0, 1.0, 1.0],
                  [2.0, 0.0, 1.0]])    # a batch of 4 samples, shape (4, 3)

print("one sample:", predict(w, X[0]))
batched = vmap(predict, in_dims=(None, 0))   # w: shared; x: split along dim 0
print("batch:", batched(w, X))
print("X @ w:", X @ w)
print("samples as columns:", vmap(predict, in_dims=(None, 1))(w, X.T))
# --- checks ---
out = batched(w, X)
assert out.tolist() == [1.0, -1.0, 2.0, 4.0] == (X @ w).tolist()
assert out.shape == (4,)
assert torch.equal(vmap(predict, in_dims=(None, 1))(w, X.T), out)
# the function itself refuses a batch
try:
    predict(w, X)
except RuntimeError as e:
    dot_message = str(e)
else:
    raise AssertionError("dot accepted a matrix")
assert "1D tensors expected" in dot_message
# in_dims=0 for both: one w per sample
W = torch.stack([w, 2 * w, -w, torch.zeros(3)])
assert vmap(predict)(W, X).tolist() == [1.0, -2.0, -2.0, 0.0]
# the batched dimensions must agree
try:
    vmap(predict)(W[:3], X)
except ValueError as e:
    size_message = str(e)
assert "inconsistent sizes" in size_message or "size" in size_message
# vmap calls the function once, with per-sample shapes
calls = []


def spy(w, x):
    calls.append(tuple(x.shape))
    return torch.dot(w, x)


assert torch.equal(vmap(spy, in_dims=(None, 0))(w, X), out) and calls == [(3,)]

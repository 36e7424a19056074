import torch
from torch.nn import functional as F

v = torch.zeros(4)
v += 1                              # augmented assignment
v[0] = 5.0                          # assignment into an element or a slice
v[1:].mul_(2)                       # an in-place method on a view of v
F.relu(v, inplace=True)             # inplace=True
print("v._version:", v._version)

v = v + 1                           # a new tensor, bound to the old name
print("v._version:", v._version)
# --- checks ---
w = torch.zeros(4)
versions = []
w += 1; versions.append(w._version)
w[0] = 5.0; versions.append(w._version)
w[1:].mul_(2); versions.append(w._version)
F.relu(w, inplace=True); versions.append(w._version)
assert versions == [1, 2, 3, 4], versions
assert v._version == 0
writes_version = versions[-1]
# each of these overwrites a saved tensor the way sigmoid_() did, and backward() refuses
for write in (lambda t: t.__iadd__(1), lambda t: t.__setitem__(0, 5.0), lambda t: t[1:].mul_(2),
              lambda t: F.relu(t, inplace=True)):
    a = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    h = a * 2
    y = h ** 2
    write(h)
    try:
        y.sum().backward()
    except RuntimeError as e:
        assert "is at version 1; expected version 0 instead" in str(e)
    else:
        raise AssertionError("no error")

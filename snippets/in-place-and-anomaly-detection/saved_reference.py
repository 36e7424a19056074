# snippet: raises=RuntimeError match="is at version 1; expected version 0 instead" graph=y,h
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x * 2
y = h ** 2                         # backward will need h: dy/dh = 2h

saved = y.grad_fn._saved_self      # what PowBackward0 keeps for that
print("saved is h:", saved is h)
print("h._version:", h._version)

h.sigmoid_()                       # overwrite h in place
print("h._version:", h._version)
print("h:", h)
y.sum().backward()
# --- checks ---
import re

assert saved is h and saved.data_ptr() == h.data_ptr()
assert h._version == 1
assert type(raised).__name__ == "RuntimeError" and "output 0 of Sigmoid" in str(raised)
assert h.grad_fn.name() == "SigmoidBackward0" and y.grad_fn.name() == "PowBackward0"
assert y.grad_fn.next_functions[0][0].name() == "MulBackward0"  # y hangs on the old h
assert h.grad_fn.next_functions[0][0] is y.grad_fn.next_functions[0][0]
assert x.grad is None
# the paper math: d(sum y)/dx = 2h * 2 = 8x; with the overwritten h it would be 4 sigmoid(2x)
x2 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
((x2 * 2) ** 2).sum().backward()
assert x2.grad.tolist() == [8.0, 16.0, 24.0] == [8 * v for v in (1, 2, 3)]
assert torch.allclose(h, torch.sigmoid(2 * x.detach()))
assert (4 * torch.sigmoid(2 * x.detach()) < 4).all()

message = str(raised)
expected = int(re.search(r"expected version (\d+)", message).group(1))
at_version = re.search(r"is at version \d+; expected version \d+ instead", message).group()
described = re.search(r"\[torch\.FloatTensor \[[^]]*\]\]", message).group()
which = re.search(r"output \d+ of \w+", message).group()
assert expected == 0 and h._version - expected == 1
assert at_version == "is at version 1; expected version 0 instead" and described == "[torch.FloatTensor [3]]"
assert which == "output 0 of Sigmoid"
# the words the page quotes: the start of the message and the hint
assert message.startswith("one of the variables needed for gradient computation has been modified by an inplace operation")
assert "torch.autograd.set_detect_anomaly(True" in message

# snippet: raises=RuntimeError match="Inplace update to inference tensor outside InferenceMode is not allowed"
import torch

with torch.inference_mode():
    scale = torch.tensor([1., 2., 3.]) * 2
    scale.add_(1)                    # in place, inside inference mode: allowed
print("scale:", scale)
scale.add_(1)                        # in place, outside it: refused
# --- checks ---
scale_after = scale.clone()                          # the error came after the write:
assert scale_after.tolist() == [4., 6., 8.]          # the values changed all the same
assert "make a clone" in str(raised)
# setting requires_grad=True outside inference mode is refused as well
try:
    scale.requires_grad_()
except RuntimeError as error:
    requires_grad_error = str(error)
else:
    raise AssertionError("requires_grad_() on an inference tensor did not raise")
assert "Setting requires_grad=True on inference tensor outside InferenceMode" in requires_grad_error

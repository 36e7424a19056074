# snippet: warns="Anomaly Detection has been enabled"
import warnings
import torch


def forward(x):
    h = x * 2
    y = h ** 2
    h.sigmoid_()
    return y.sum()


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
with torch.autograd.detect_anomaly():
    with warnings.catch_warnings(record=True) as caught:  # keep the report to print it below
        try:
            forward(x).backward()
        except RuntimeError as error:
            print("RuntimeError:", error)

report = str(caught[0].message).splitlines()
print(report[0])
for frame, code in zip(report, report[1:]):
    if frame.endswith("in forward"):  # keep only the frames of our forward()
        print(code)
# --- checks ---
assert len(caught) == 1 and caught[0].category is UserWarning
assert report[0] == "Error detected in PowBackward0. Traceback of forward call that caused the error:"
ours = [code.strip() for frame, code in zip(report, report[1:]) if frame.endswith("in forward")]
assert ours == ["y = h ** 2"]
with torch.autograd.detect_anomaly(), warnings.catch_warnings(record=True):
    try:
        forward(torch.tensor([1.0, 2.0, 3.0], requires_grad=True)).backward()
    except RuntimeError as again:
        message = str(again)
assert "The variable in question was changed in there or anywhere later" in message
assert "is at version 1; expected version 0 instead" in message and "check_nan" not in message
assert not torch.is_anomaly_enabled()  # the with block switched it off again
forward_line = ours[0]
failed_node = report[0].split()[3].rstrip(".")
assert failed_node == "PowBackward0"
# the NaN check anomaly mode also makes (check_nan=True by default)
z = torch.tensor([0.0], requires_grad=True)
with torch.autograd.detect_anomaly(), warnings.catch_warnings(record=True):
    try:
        (z.sqrt() * 0).sum().backward()  # 0 * inf = nan in SqrtBackward0
    except RuntimeError as nan_error:
        nan_message = str(nan_error)
assert nan_message == "Function 'SqrtBackward0' returned nan values in its 0th output.", nan_message
# without anomaly mode the same backward gives nan silently
z.grad = None
(z.sqrt() * 0).sum().backward()
assert torch.isnan(z.grad).all()

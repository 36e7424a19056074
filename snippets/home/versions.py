import platform

import torch

print("PyTorch", torch.__version__)
print("Python ", platform.python_version())
print("Device  cpu, gradients computed by autograd")
# --- checks ---
assert torch.__version__.split("+")[0] == "2.13.0"

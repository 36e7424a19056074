import torch

for dtype in [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.complex64]:
    t = torch.zeros(2, dtype=dtype, requires_grad=True)
    print(f"{str(dtype):15} requires_grad={t.requires_grad}")

print("torch.tensor(2).dtype:  ", torch.tensor(2).dtype)
print("torch.tensor(2.0).dtype:", torch.tensor(2.0).dtype)
# --- checks ---
assert torch.tensor(2).dtype == torch.int64
assert torch.tensor(2.0).dtype == torch.float32
# lists follow the same rule (the pitfall in the prose)
assert torch.tensor([1, 2, 3]).dtype == torch.int64
assert torch.tensor([1.0, 2, 3]).dtype == torch.float32
assert torch.get_default_dtype() == torch.float32
for dtype in (torch.int64, torch.int32, torch.int8, torch.uint8, torch.bool):
    try:
        torch.zeros(2, dtype=dtype, requires_grad=True)
    except RuntimeError as error:
        assert str(error) == "Only Tensors of floating point and complex dtype can require gradients"
    else:
        raise AssertionError(f"{dtype} accepted requires_grad=True")
assert torch.tensor(2, dtype=torch.float32, requires_grad=True).requires_grad
assert torch.tensor([1 + 2j]).requires_grad_().requires_grad
try:
    torch.tensor([1, 2]).requires_grad_()
except RuntimeError as error:
    assert str(error) == "only Tensors of floating point dtype can require gradients"
else:
    raise AssertionError("requires_grad_() accepted an integer tensor")

"""The course's required facts appear on their pages as executed output (issue table of the course).

Each string below must appear in an output block of the page, in every language (the outputs are
shared, so this also proves every translation shows them). The snippets' hidden asserts guard the
numbers; this test guards that the page really shows them.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES

FACTS = {
    "tensors-and-gradients": ["64.0", "72.0", "RuntimeError: Only Tensors of floating point and complex dtype "
                              "can require gradients"],
    "computational-graph": ["AccumulateGrad", "MulBackward0",
                            "RuntimeError: Trying to backward through the graph a second time"],
    "multi-step-backprop": ["2490.0", "[[180.0000, 300.0000, 420.0000],\n        [420.0000, 300.0000, 180.0000]]",
                            "allclose: True"],
    "leaf-and-non-leaf": ["a.grad: tensor([4., 4.])", "b.grad: None", "c.grad: None", "M.weight.grad: None",
                          "UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed"],
    "disabling-gradients": ["training: False", "out.requires_grad: True", "weight.grad: tensor([[1., 2., 3.]])"],
    "accumulation-and-zeroing": ["after 1st backward: tensor(6.)", "after 2nd backward: tensor(12.)"],
    "broadcasting": ["RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at "
                     "non-singleton dimension 1",
                     "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at "
                     "non-singleton dimension 0",
                     "b.grad: tensor([21.])  shape: torch.Size([1])"],
    "linear-regression-sgd": ["prediction for x=4 before training: 4.0",
                              "prediction for x=4 after training: 7.999998569488525", "epoch  10  loss"],
    "exercise-mse-gradient": ["autograd W.grad: tensor([[ 7.4358, 17.1150, 26.7941]])",
                              "by hand:         tensor([[ 7.4358, 17.1150, 26.7941]])"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", sorted(FACTS))
def test_required_facts_are_shown(built_site, slug, lang):
    site, proc = built_site
    assert proc.returncode == 0
    html = (site / ("" if lang == "en" else lang) / slug / "index.html").read_text()
    outputs = "\n".join(b.get_text() for b in BeautifulSoup(html, "html.parser").select(".snippet-output pre"))
    for fact in FACTS[slug]:
        assert fact in outputs, f"{lang}/{slug}: {fact!r} is not in any output block"

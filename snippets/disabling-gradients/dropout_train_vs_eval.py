import torch
from torch import nn
torch.manual_seed(0)                 # the random numbers this page shows

drop = nn.Dropout(p=0.5)
x = torch.ones(6)

drop.train()
y_train = drop(x)
drop.eval()
y_eval = drop(x)
print("train:", y_train)
print("eval: ", y_eval)
# --- checks ---
assert set(y_train.tolist()) <= {0.0, 2.0}
assert torch.equal(y_eval, x)
assert 1 / (1 - drop.p) == 2.0

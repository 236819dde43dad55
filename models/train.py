#!/usr/bin/python3
"""Trains one bundled Fashion-MNIST model with Debian's torch, exports it to ONNX and writes its manifest.

    /usr/bin/python3 models/train.py --model cnn            # -> models/fmnist_cnn.onnx + models/fmnist_cnn.json
    /usr/bin/python3 models/train.py --model all

Deterministic on CPU: fixed seed, fixed thread count (2), fixed data order. The manifest records the torch test
accuracy, the number of correct test images out of 10,000, and torch's logits for the first 16 test images; the
integration tests in tests/models check that ohmic's host run reproduces them.
"""
import argparse
import hashlib
import json
import math
import os
import sys
import time

# Passive OpenMP waiting: on a shared, oversubscribed machine spinning threads burn the CPU their peers need.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist_common as fc  # noqa: E402

MODELS_DIR = os.path.dirname(os.path.abspath(__file__))
OPSET = 13
SEED = 20261125
THREADS = 2


# ---------------------------------------------------------------------------------------------------------- models
class MLP(nn.Module):
    """784 -> 128 -> 64 -> 10, ReLU."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                                 nn.Linear(64, 10))

    def forward(self, x):
        return self.net(x)


class CNN(nn.Module):
    """Two Conv3x3-BN-ReLU-MaxPool2 stages (16, 32 channels), then 1568 -> 64 -> 10."""

    def __init__(self):
        super().__init__()

        def stage(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

        self.net = nn.Sequential(*stage(1, 16), *stage(16, 32), nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(),
                                 nn.Linear(64, 10))

    def forward(self, x):
        return self.net(x)


class ResidualBlock(nn.Module):
    """Conv3x3-BN-ReLU-Conv3x3-BN, plus the input (1x1 conv + BN when the shape changes), then ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.shortcut = nn.Identity()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    """Stem Conv3x3(8)-BN-ReLU; residual blocks 8 (28x28), 16 (14x14), 32 (7x7); global average pool; 32 -> 10."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.blocks = nn.Sequential(ResidualBlock(8, 8, 1), ResidualBlock(8, 16, 2), ResidualBlock(16, 32, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(32, 10))

    def forward(self, x):
        return self.head(self.pool(self.blocks(self.stem(x))))


class SelfAttention(nn.Module):
    """Multi-head self-attention written out with MatMul and Softmax (no fused attention op)."""

    def __init__(self, dim, heads, tokens):
        super().__init__()
        self.dim, self.heads, self.tokens, self.head_dim = dim, heads, tokens, dim // heads
        self.q, self.k, self.v = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)
        self.scale = 1.0 / math.sqrt(self.head_dim)

    def forward(self, x):  # [B, N, D]
        n, h, hd = self.tokens, self.heads, self.head_dim
        q = self.q(x).reshape(-1, n, h, hd).transpose(1, 2)  # [B, H, N, hd]
        k = self.k(x).reshape(-1, n, h, hd).permute(0, 2, 3, 1)  # [B, H, hd, N]
        v = self.v(x).reshape(-1, n, h, hd).transpose(1, 2)  # [B, H, N, hd]
        attention = torch.softmax(torch.matmul(q, k) * self.scale, dim=-1)  # [B, H, N, N]
        y = torch.matmul(attention, v).transpose(1, 2).reshape(-1, n, self.dim)  # [B, N, D]
        return self.proj(y)


class EncoderBlock(nn.Module):
    """Pre-norm Transformer encoder block: x + Attention(LN(x)); x + MLP(LN(x)) with GELU."""

    def __init__(self, dim, heads, tokens, hidden):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attention = SelfAttention(dim, heads, tokens)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        x = x + self.attention(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Transformer(nn.Module):
    """7x7 patches (16 tokens) embedded to 64 by a strided conv, learned position embedding, 2 encoder blocks
    (4 heads, MLP 128), final LayerNorm, mean over tokens, 64 -> 10."""

    def __init__(self, dim=64, heads=4, hidden=128, depth=2, patch=7):
        super().__init__()
        self.dim, self.tokens = dim, (28 // patch) ** 2
        self.embed = nn.Conv2d(1, dim, patch, stride=patch)
        self.position = nn.Parameter(torch.zeros(1, self.tokens, dim))
        nn.init.normal_(self.position, std=0.02)
        self.blocks = nn.Sequential(*[EncoderBlock(dim, heads, self.tokens, hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 10)

    def forward(self, x):
        x = self.embed(x).reshape(-1, self.dim, self.tokens).transpose(1, 2) + self.position  # [B, N, D]
        x = self.norm(self.blocks(x))
        return self.head(x.mean(dim=1))


MODELS = {
    # name: (constructor, epochs, learning rate, one-line architecture description)
    "mlp": (MLP, 5, 2e-3, "Flatten; Linear 784-128, ReLU; Linear 128-64, ReLU; Linear 64-10"),
    "cnn": (CNN, 2, 3e-3, "[Conv3x3 1-16, BN, ReLU, MaxPool2] [Conv3x3 16-32, BN, ReLU, MaxPool2] Flatten; "
                          "Linear 1568-64, ReLU; Linear 64-10"),
    "resnet": (ResNet, 2, 4e-3, "Stem Conv3x3 1-8, BN, ReLU; residual blocks 8 (stride 1), 16 (stride 2), "
                                "32 (stride 2), each Conv3x3-BN-ReLU-Conv3x3-BN + shortcut (1x1 conv + BN when the "
                                "shape changes), Add, ReLU; GlobalAveragePool; Linear 32-10"),
    "transformer": (Transformer, 3, 2e-3, "Patch embedding Conv7x7 stride 7 (16 tokens x 64) + learned positions; 2 "
                                          "pre-norm encoder blocks (4-head self-attention as MatMul/Softmax, "
                                          "MLP 64-128-64 with GELU); LayerNorm; mean over tokens; Linear 64-10"),
}
BATCH = 128
WEIGHT_DECAY = 1e-4


# -------------------------------------------------------------------------------------------------------- training
def evaluate(model, x, batch=500):
    model.eval()
    outputs = []
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            outputs.append(model(x[i:i + batch]))
    return torch.cat(outputs)


def train(name, epochs_override=None):
    make, epochs, lr, architecture = MODELS[name]
    if epochs_override is not None:
        epochs = epochs_override
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    train_images, train_labels = fc.load_split("train")
    test_images, test_labels = fc.load_split("test")
    x_train, y_train = torch.from_numpy(fc.preprocess(train_images)), torch.from_numpy(train_labels)
    x_test, y_test = torch.from_numpy(fc.preprocess(test_images)), torch.from_numpy(test_labels)

    model = make()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=WEIGHT_DECAY)
    steps_per_epoch = math.ceil(x_train.shape[0] / BATCH)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=epochs * steps_per_epoch)
    loss_fn = nn.CrossEntropyLoss()
    order_rng = torch.Generator().manual_seed(SEED)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(x_train.shape[0], generator=order_rng)
        total_loss = 0.0
        for i in range(0, x_train.shape[0], BATCH):
            idx = order[i:i + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * idx.shape[0]
        accuracy = (evaluate(model, x_test).argmax(1) == y_test).float().mean().item()
        print(f"{name}: epoch {epoch + 1}/{epochs} loss {total_loss / x_train.shape[0]:.4f} "
              f"test accuracy {accuracy:.4f} ({time.time() - start:.0f} s)", flush=True)
    train_seconds = time.time() - start
    model.eval()
    export(name, model, architecture, x_test, y_test,
           {"epochs": epochs, "batch": BATCH, "optimizer": "AdamW", "max_learning_rate": lr,
            "weight_decay": WEIGHT_DECAY, "schedule": "OneCycleLR (cosine), stepped per batch",
            "seed": SEED, "threads": THREADS, "augmentation": "none", "train_images": int(x_train.shape[0]),
            "train_seconds": round(train_seconds, 1)})


def export(name, model, architecture, x_test, y_test, hyper):
    base = f"fmnist_{name}"
    onnx_path = os.path.join(MODELS_DIR, base + ".onnx")
    torch.onnx.export(model, x_test[:1], onnx_path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=OPSET,
                      do_constant_folding=True)
    import onnx
    proto = onnx.load(onnx_path)
    onnx.checker.check_model(proto)
    ops = sorted({n.op_type for n in proto.graph.node})

    logits = evaluate(model, x_test)
    predictions = logits.argmax(1)
    correct = int((predictions == y_test).sum().item())
    top2 = logits.topk(2, dim=1).values
    margin = (top2[:, 0] - top2[:, 1]).numpy()
    first = logits[:16].numpy().astype(np.float32)
    with open(onnx_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    manifest = {
        "name": base,
        "file": base + ".onnx",
        "sha256": sha256,
        "source": "models/train.py",
        "regenerate": f"/usr/bin/python3 models/train.py --model {name}",
        "architecture": architecture,
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "onnx_opset": OPSET,
        "onnx_ops": ops,
        "export_note": "exported in eval mode" + ("; torch.onnx.export folds BatchNormalization into the preceding "
                                                  "Conv" if any(isinstance(x, nn.BatchNorm2d) for x in model.modules())
                                                  else ""),
        "input": {"name": "input", "shape": ["batch", 1, 28, 28], "dtype": "float32"},
        "output": {"name": "logits", "shape": ["batch", 10], "dtype": "float32"},
        "dataset": "Fashion-MNIST (Debian dataset-fashion-mnist, /usr/share/datasets/fashion-mnist)",
        "data_spec": "fashion-mnist:test",
        "preprocessing": {
            "formula": "y = (x * scale - mean) / std, float32, in that order; x = raw pixel 0..255",
            "scale": fc.PREPROCESSING["scale"], "mean": fc.PREPROCESSING["mean"], "std": fc.PREPROCESSING["std"],
        },
        "test_samples": int(y_test.shape[0]),
        "test_correct": correct,
        "test_accuracy": correct / int(y_test.shape[0]),
        "test_min_top2_margin": float(margin.min()),
        "test_images_top2_margin_below_1e-4": int((margin < 1e-4).sum()),
        "first16_labels": [int(v) for v in y_test[:16]],
        "first16_logits": [[float(v) for v in row] for row in first],
        "training": hyper,
        "torch_version": torch.__version__,
        "onnx_version": onnx.__version__,
    }
    with open(os.path.join(MODELS_DIR, base + ".json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    size_kb = os.path.getsize(onnx_path) / 1024
    print(f"{name}: wrote {onnx_path} ({size_kb:.0f} KiB, ops {ops}); test correct {correct}/10000", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, choices=list(MODELS) + ["all"])
    parser.add_argument("--epochs", type=int, help="override the model's epoch count (for quick trials)")
    args = parser.parse_args()
    for name in (MODELS if args.model == "all" else [args.model]):
        train(name, args.epochs)


if __name__ == "__main__":
    main()

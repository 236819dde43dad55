#!/usr/bin/python3
"""Exports torchvision ResNet-18, ResNet-50 and MobileNetV2 with random (seeded) weights to models/zoo/*.onnx.

These graphs are for the compiler and the cost model (real layer shapes at ImageNet scale); their weights are random,
so they say nothing about accuracy. models/zoo/ is git-ignored (ResNet-50 alone is ~100 MB); this script regenerates
it, deterministically for a given torch/torchvision version:

    /usr/bin/python3 models/make_zoo.py               # (re)export all
    /usr/bin/python3 models/make_zoo.py --if-missing  # only what is not there (scripts/prepare-data.sh)
"""
import argparse
import hashlib
import json
import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
import torchvision  # noqa: E402

ZOO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zoo")
OPSET = 13
SEED = 20261125
MODELS = {
    "resnet18": torchvision.models.resnet18,
    "resnet50": torchvision.models.resnet50,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
}


def check_input():
    """A fixed [1, 3, 224, 224] float32 image any program can rebuild exactly:
    x[c, h, w] = ((c * 224 * 224 + h * 224 + w) % 251) / 251 - 0.5, computed as float32(k % 251) / 251 - 0.5."""
    k = torch.arange(3 * 224 * 224, dtype=torch.int64) % 251
    return (k.to(torch.float32) / 251.0 - 0.5).reshape(1, 3, 224, 224)


def export(name):
    torch.manual_seed(SEED)
    model = MODELS[name](weights=None).eval()
    path = os.path.join(ZOO_DIR, name + ".onnx")
    dummy = torch.zeros(1, 3, 224, 224)
    torch.onnx.export(model, dummy, path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=OPSET,
                      do_constant_folding=True)
    with open(path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    with torch.no_grad():
        logits = model(check_input())[0]
    info = {
        "name": name,
        "file": name + ".onnx",
        "sha256": sha256,
        "source": "models/make_zoo.py",
        "weights": f"random (torchvision default initialisation, torch.manual_seed({SEED})); not trained",
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "input": {"name": "input", "shape": ["batch", 3, 224, 224], "dtype": "float32"},
        "output": {"name": "logits", "shape": ["batch", 1000], "dtype": "float32"},
        "onnx_opset": OPSET,
        "export_note": "eval mode; torch.onnx.export folds BatchNormalization into the preceding Conv",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "check_input": "x[0, c, h, w] = float32((c*224*224 + h*224 + w) % 251) / 251 - 0.5 (float32 ops)",
        "check_logits": [float(v) for v in logits],
    }
    with open(os.path.join(ZOO_DIR, name + ".json"), "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    print(f"make_zoo: {path} ({os.path.getsize(path) / 2**20:.1f} MiB, {info['parameters']} parameters)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--if-missing", action="store_true", help="skip models whose .onnx already exists")
    parser.add_argument("--model", choices=list(MODELS), action="append", help="only this model (repeatable)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    os.makedirs(ZOO_DIR, exist_ok=True)
    for name in args.model or MODELS:
        if args.if_missing and os.path.exists(os.path.join(ZOO_DIR, name + ".onnx")):
            continue
        export(name)


if __name__ == "__main__":
    main()

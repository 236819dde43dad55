#!/usr/bin/python3
"""Host executor vs PyTorch on the same ONNX networks, measured in the same run on the same machine.

For each model: runs bench_host_models (ohmic's executor, float Conv/Gemm through oneDNN) and then the same ONNX
graph re-created with torch operators (torch.nn.functional, weights taken from the ONNX initializers, eager mode,
torch.inference_mode) at the same batch size and thread count, alternating the two for several rounds, and prints
the medians of images per wall-clock second and of images per CPU-second (CPU time of all threads of the process,
which a busy shared machine disturbs far less than wall time), each with

    ratio ohmic/torch = X      (> 1 means ohmic is faster)

Usage: /usr/bin/python3 bench/exec/host_vs_torch.py [--model PATH ...] [--batch 64] [--threads N]
                                                    [--bench BUILD/bench/exec/bench_host_models] [--min-time 2] [--rounds 3]
Default models: models/*.onnx whose name contains "cnn" or "resnet". Needs Debian's python3 (torch 1.13, onnx).
Before timing, the torch re-creation is checked against the model manifest's recorded logits where available
(first16_logits of the Fashion-MNIST test images), so both sides provably run the same network.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time

# PyTorch runs its intra-op threads on OpenMP (libgomp). With libgomp's default wait policy its threads spin between
# parallel regions, which on a busy or shared machine costs torch ~4x here (measured: ResNet batch 64, 206 vs 47 ms);
# PASSIVE is torch's better setting, so it is the default for the baseline (set OMP_WAIT_POLICY to override).
# ohmic does not depend on it: it calls oneDNN with one OpenMP thread inside its own TBB tasks.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnx.numpy_helper  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# ---------------------------------------------------------------- ONNX graph -> torch ops
def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pads(a, n):
    p = list(a.get("pads", [0] * (2 * n)))
    return p[:n], p[n:]


def _conv(x, w, b, a):
    n = w.dim() - 2
    begin, end = _pads(a, n)
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("auto_pad in torch re-creation")
    if begin != end:  # asymmetric: pad explicitly
        pad = []
        for i in reversed(range(n)):
            pad += [begin[i], end[i]]
        x, begin = F.pad(x, pad), [0] * n
    conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[n]
    return conv(x, w, b, stride=a.get("strides", 1), padding=begin, dilation=a.get("dilations", 1),
                groups=a.get("group", 1))


def _pool(kind, x, a):
    k = a["kernel_shape"]
    n = len(k)
    begin, end = _pads(a, n)
    if begin != end:
        raise NotImplementedError("asymmetric pool pads in torch re-creation")
    ceil = bool(a.get("ceil_mode", 0))
    if kind == "max":
        f = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[n]
        return f(x, k, stride=a.get("strides", k), padding=begin, dilation=a.get("dilations", 1), ceil_mode=ceil)
    f = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[n]
    return f(x, k, stride=a.get("strides", k), padding=begin, ceil_mode=ceil,
             count_include_pad=bool(a.get("count_include_pad", 0)))


def _gemm(a_, b_, c, a):
    if a.get("transA", 0):
        a_ = a_.t()
    if a.get("transB", 0):
        b_ = b_.t()
    y = a.get("alpha", 1.0) * (a_ @ b_)
    return y if c is None else y + a.get("beta", 1.0) * c


OPS = {
    "Conv": lambda i, a: _conv(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "Relu": lambda i, a: F.relu(i[0]),
    "MaxPool": lambda i, a: _pool("max", i[0], a),
    "AveragePool": lambda i, a: _pool("avg", i[0], a),
    "GlobalAveragePool": lambda i, a: i[0].mean(dim=tuple(range(2, i[0].dim())), keepdim=True),
    "Flatten": lambda i, a: torch.flatten(i[0], a.get("axis", 1)) if a.get("axis", 1) > 0 else i[0].reshape(1, -1),
    "Gemm": lambda i, a: _gemm(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "MatMul": lambda i, a: i[0] @ i[1],
    "Add": lambda i, a: i[0] + i[1],
    "Mul": lambda i, a: i[0] * i[1],
    "Reshape": lambda i, a: i[0].reshape([int(v) for v in i[1].tolist()]),
    "BatchNormalization": lambda i, a: F.batch_norm(i[0], i[3], i[4], i[1], i[2], False, 0.0, a.get("epsilon", 1e-5)),
    "Identity": lambda i, a: i[0],
    "Softmax": lambda i, a: F.softmax(i[0], a.get("axis", -1)),
}


class TorchOnnx:
    """Runs an ONNX graph with torch operators, node by node (eager)."""

    def __init__(self, path):
        m = onnx.load(path)
        self.graph = m.graph
        self.consts = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy()) for t in m.graph.initializer}
        for node in m.graph.node:
            if node.op_type == "Constant":
                self.consts[node.output[0]] = torch.from_numpy(onnx.numpy_helper.to_array(_attrs(node)["value"]).copy())
        self.nodes = [(n.op_type, list(n.input), list(n.output), _attrs(n)) for n in m.graph.node if n.op_type != "Constant"]
        missing = sorted({op for op, *_ in self.nodes if op not in OPS})
        if missing:
            raise NotImplementedError(f"{path}: no torch re-creation for ops {missing}")
        self.input = [i.name for i in m.graph.input if i.name not in self.consts][0]
        self.output = m.graph.output[0].name

    def __call__(self, x):
        env = dict(self.consts)
        env[self.input] = x
        for op, ins, outs, a in self.nodes:
            env[outs[0]] = OPS[op]([env[n] if n else None for n in ins], a)
        return env[self.output]


def check_against_manifest(model, path):
    manifest = os.path.splitext(path)[0] + ".json"
    if not os.path.exists(manifest):
        return "no manifest"
    info = json.load(open(manifest))
    if "first16_logits" not in info:
        return "manifest has no reference logits"
    sys.path.insert(0, os.path.join(ROOT, "models"))
    import fmnist_common  # noqa: E402  (models/fmnist_common.py: data loading and the declared preprocessing)
    images, _ = fmnist_common.load_split("test")
    x = torch.from_numpy(fmnist_common.preprocess(images[:16]))
    with torch.inference_mode():
        got = model(x).numpy()
    err = float(np.max(np.abs(got - np.array(info["first16_logits"], dtype=np.float32))))
    if err > 1e-3:
        raise SystemExit(f"{path}: torch re-creation differs from the manifest's logits by {err}")
    return f"matches manifest logits (max abs diff {err:.2e})"


def torch_images_per_s(model, shape, batch, min_time):
    """(images per wall-clock second, images per CPU second of the whole process)."""
    x = torch.randn([batch] + shape[1:], generator=torch.Generator().manual_seed(20261125))
    with torch.inference_mode():
        for _ in range(3):
            model(x)
        n, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            model(x)
            n += 1
            dt = time.perf_counter() - t0
            if dt >= min_time and n >= 5:
                return batch * n / dt, batch * n / (time.process_time() - c0)


def ohmic_images_per_s(bench, path, batch, threads, min_time):
    out = subprocess.run([bench, f"--model={path}", f"--batch={batch}", f"--threads={threads}",
                          f"--benchmark_min_time={min_time}", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    b = json.loads(out)["benchmarks"][0]
    assert b["time_unit"] == "ms"
    return b["images_per_s"], b["batch"] / (b["cpu_time"] / 1e3)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", action="append")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--bench", default=os.path.join(ROOT, "build", "bench", "exec", "bench_host_models"))
    p.add_argument("--min-time", type=float, default=2.0, help="seconds per side per round")
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    models = a.model or sorted(m for m in glob.glob(os.path.join(ROOT, "models", "*.onnx"))
                               if "cnn" in os.path.basename(m) or "resnet" in os.path.basename(m))
    if not models:
        raise SystemExit("no models: pass --model PATH")
    if not os.access(a.bench, os.X_OK):
        raise SystemExit(f"{a.bench} not found: build the bench_host_models target or pass --bench")
    torch.set_num_threads(a.threads)
    print(f"batch {a.batch}, threads {a.threads} (ohmic: TBB tasks, oneDNN one OpenMP thread per task; torch {torch.__version__}: "
          f"set_num_threads, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}), {a.rounds} alternating rounds of {a.min_time} s per side")
    for path in models:
        name = os.path.basename(path)
        model = TorchOnnx(path)
        note = check_against_manifest(model, path)
        shape = [d.dim_value if d.dim_value > 0 else a.batch
                 for d in [i for i in model.graph.input if i.name == model.input][0].type.tensor_type.shape.dim]
        # Alternate the two sides for several rounds and compare medians, so a load change on a shared machine
        # hits both sides alike.
        ours, theirs = [], []
        for _ in range(a.rounds):
            ours.append(ohmic_images_per_s(a.bench, path, a.batch, a.threads, a.min_time))
            theirs.append(torch_images_per_s(model, shape, a.batch, a.min_time))
        print(f"{name}: torch re-creation {note}")
        for k, what in ((0, "images/s (wall clock)"), (1, "images per CPU-second (all threads)")):
            o, t = float(np.median([v[k] for v in ours])), float(np.median([v[k] for v in theirs]))
            print(f"{name}: {what}: rounds ohmic {[round(v[k]) for v in ours]} torch {[round(v[k]) for v in theirs]}")
            print(f"{name}: {what}: ohmic {o:,.0f}, torch {t:,.0f} (medians of {a.rounds}), ratio ohmic/torch = {o / t:.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

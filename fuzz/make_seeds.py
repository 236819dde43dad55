#!/usr/bin/python3
"""Regenerates the seed corpora in fuzz/corpus/<harness>/ from bundled and Debian-packaged files.

Run with Debian's Python (/usr/bin/python3 fuzz/make_seeds.py). Seeds stay small (a few KB): libFuzzer's default
maximum input length is the largest seed, and small inputs mutate faster.
  onnx_import  one small model per ONNX node test (libonnx-testdata) whose op is in graph/ops.def, plus a tiny CNN
               and a QDQ model built here
  chip_yaml    presets/*.yaml
  data_*       small files in each data-set format (written by the data-reader section below)
"""
import gzip
import io
import pathlib
import re
import shutil
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
ONNX_NODE_TESTS = pathlib.Path("/usr/share/libonnx-testdata/data/node")
MAX_SEED_BYTES = 4096
SEEDS_PER_OP_SET = 3


def fresh(name):
    d = CORPUS / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


def ohmic_ops():
    text = (ROOT / "src/ohmic/graph/ops.def").read_text()
    return set(re.findall(r"^OHMIC_OP\((\w+)", text, re.M))


def tiny_cnn():
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((2, 1, 3, 3)).astype(np.float32), "w")
    b = numpy_helper.from_array(np.zeros(2, np.float32), "b")
    fc = numpy_helper.from_array(rng.standard_normal((8, 3)).astype(np.float32), "fc")
    shape = numpy_helper.from_array(np.array([1, 8], np.int64), "shape")
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Reshape", ["p", "shape"], ["f"], name="flatten"),
        helper.make_node("MatMul", ["f", "fc"], ["m"], name="fc"),
        helper.make_node("Softmax", ["m"], ["y"], name="softmax", axis=1),
    ]
    g = helper.make_graph(nodes, "tiny_cnn",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 1, 8, 8])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
                          [w, b, fc, shape])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])


def tiny_qdq():
    scale = numpy_helper.from_array(np.array(0.05, np.float32), "scale")
    zero = numpy_helper.from_array(np.array(0, np.int8), "zero")
    wq = numpy_helper.from_array(np.arange(-6, 6, dtype=np.int8).reshape(4, 3), "wq")
    wscale = numpy_helper.from_array(np.array([0.1, 0.2, 0.3], np.float32), "wscale")
    wzero = numpy_helper.from_array(np.zeros(3, np.int8), "wzero")
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "scale", "zero"], ["xq"], name="q"),
        helper.make_node("DequantizeLinear", ["xq", "scale", "zero"], ["xd"], name="dq"),
        helper.make_node("DequantizeLinear", ["wq", "wscale", "wzero"], ["wd"], name="wdq", axis=1),
        helper.make_node("Gemm", ["xd", "wd"], ["y"], name="gemm"),
    ]
    g = helper.make_graph(nodes, "tiny_qdq",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
                          [scale, zero, wq, wscale, wzero])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])


def onnx_seeds():
    out = fresh("onnx_import")
    ops = ohmic_ops()
    count = 0
    per_op_set = {}  # at most SEEDS_PER_OP_SET node tests per distinct set of op types
    for model_path in sorted(ONNX_NODE_TESTS.glob("test_*/model.onnx")):
        if model_path.stat().st_size > MAX_SEED_BYTES:
            continue
        model = onnx.load(str(model_path))
        op_set = frozenset(n.op_type for n in model.graph.node)
        if op_set <= ops and per_op_set.get(op_set, 0) < SEEDS_PER_OP_SET:
            per_op_set[op_set] = per_op_set.get(op_set, 0) + 1
            shutil.copy(model_path, out / (model_path.parent.name + ".onnx"))
            count += 1
    for name, model in (("tiny_cnn", tiny_cnn()), ("tiny_qdq", tiny_qdq())):
        onnx.checker.check_model(model)
        (out / (name + ".onnx")).write_bytes(model.SerializeToString())
        count += 1
    return count


def chip_seeds():
    out = fresh("chip_yaml")
    count = 0
    for p in sorted((ROOT / "presets").glob("*.yaml")):
        shutil.copy(p, out / p.name)
        count += 1
    return count


FASHION = pathlib.Path("/usr/share/datasets/fashion-mnist")  # Debian package dataset-fashion-mnist
DIGITS_CSV = pathlib.Path("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz")  # python3-sklearn


def two_files(first, second):
    """The data harnesses' split_in_two layout: 2-byte little-endian length of the first file, then both."""
    return struct.pack("<H", len(first)) + first + second


def idx(array):
    """An idx file of unsigned bytes: 0, 0, 0x08, rank, big-endian uint32 dims, data."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    return bytes([0, 0, 8, array.ndim]) + struct.pack(">" + "I" * array.ndim, *array.shape) + array.tobytes()


def fashion_test(count):
    with gzip.open(FASHION / "t10k-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16)[: count * 784].reshape(count, 28, 28)
    with gzip.open(FASHION / "t10k-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:count]
    return images, labels


def npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def data_idx_seeds():
    # harness layout: mode byte (0 plain, 1 gzip, 2 bytes written as .gz as they are), then labels and images
    out = fresh("data_idx")
    images, labels = fashion_test(16)
    real = two_files(idx(labels), idx(images))
    (out / "fashion16_plain.bin").write_bytes(b"\x00" + real)
    (out / "fashion16_gzip.bin").write_bytes(b"\x01" + real)
    (out / "fashion16_gzbytes.bin").write_bytes(
        b"\x02" + two_files(gzip.compress(idx(labels), mtime=0), gzip.compress(idx(images), mtime=0)))
    tiny = two_files(idx(np.array([0, 9, 3])), idx(np.arange(48).reshape(3, 4, 4)))
    (out / "tiny3x4x4_plain.bin").write_bytes(b"\x00" + tiny)
    return 4


def data_json_seeds():
    out = fresh("data_json")
    images, _ = fashion_test(2)
    for n in (1, 2):
        values = ",".join(f"{v / 255:.4g}" for v in images[:n].ravel())
        (out / f"fashion{n}.json").write_text('{"data":[' + values + "]}")
    (out / "empty.json").write_text('{"data":[]}')
    return 3


def data_csv_seeds():
    # harness layout: mode byte (0 plain, 1 gzip), then the CSV text
    out = fresh("data_csv")
    with gzip.open(DIGITS_CSV, "rt") as f:
        lines = [f.readline() for _ in range(10)]
    text = "".join(lines).encode()
    (out / "digits10_plain.csv").write_bytes(b"\x00" + text)
    (out / "digits10_gzip.csv").write_bytes(b"\x01" + text)
    (out / "digits1_no_newline.csv").write_bytes(b"\x00" + lines[0].rstrip("\n").encode())
    return 3


def data_npy_seeds():
    out = fresh("data_npy")
    images, labels = fashion_test(8)
    seeds = {
        "fashion8_u8_i64.bin": (labels.astype(np.int64), images),
        "fashion4_nchw_f32_u8.bin": (labels[:4], (images[:4, None, :, :] / 255).astype(np.float32)),
        "tiny2_u8_i32.bin": (np.array([1, 0], np.int32), np.arange(18, dtype=np.uint8).reshape(2, 3, 3)),
        "tiny2_f32be_u16.bin": (np.array([1, 0], ">u2"), np.ones((2, 2, 2), ">f4")),
    }
    for name, (lab, img) in seeds.items():
        (out / name).write_bytes(two_files(npy_bytes(lab), npy_bytes(img)))
    return len(seeds)


def hostile_inputs():
    """Files that declare sizes far beyond any cap: each must be refused with an ohmic::Error before allocating.
    They live with the crash regressions (fuzz/regressions/<harness>/hostile_*) and tests/quality's
    test_hostile_inputs checks their messages."""
    reg = ROOT / "fuzz" / "regressions"
    for d in ("onnx_import", "data_idx", "data_npy"):
        (reg / d).mkdir(parents=True, exist_ok=True)
    # ONNX: an initializer declaring 2^40 floats (4 TiB) with 4 bytes of data; the same with a matching external-data entry;
    # a graph input of 2^40 elements feeding ConstantOfShape with a huge constant shape.
    def declared(name, dims):  # a TensorProto that declares dims and carries no data
        t = TensorProto(name=name, data_type=TensorProto.FLOAT)
        t.dims.extend(dims)
        return t

    big = declared("w", [1 << 40])
    big.raw_data = bytes(4)  # one float where 2^40 are declared
    g = helper.make_graph([helper.make_node("Relu", ["w"], ["y"], name="relu")], "hostile", [],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1 << 40])], [big])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    (reg / "onnx_import" / "hostile_initializer_2pow40_floats.onnx").write_bytes(model.SerializeToString())
    ext = declared("w", [1 << 20, 1 << 20])
    ext.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "w.bin"), ("offset", "0"), ("length", str(4 << 40))):
        ext.external_data.add(key=k, value=v)
    g = helper.make_graph([helper.make_node("Relu", ["w"], ["y"], name="relu")], "hostile", [],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1 << 20, 1 << 20])], [ext])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    (reg / "onnx_import" / "hostile_external_data_4TiB.onnx").write_bytes(model.SerializeToString())
    shape = numpy_helper.from_array(np.array([1 << 20, 1 << 20], np.int64), "shape")
    g = helper.make_graph([helper.make_node("ConstantOfShape", ["shape"], ["y"], name="fill")], "hostile", [],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1 << 20, 1 << 20])], [shape])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    (reg / "onnx_import" / "hostile_constant_of_shape_2pow40.onnx").write_bytes(model.SerializeToString())
    # idx: labels and images headers declaring 4,000,000,000 samples of 28x28 (3.1 TB), a few bytes of data.
    n = 4_000_000_000
    labels = bytes([0, 0, 8, 1]) + struct.pack(">I", n) + bytes(16)
    images = bytes([0, 0, 8, 3]) + struct.pack(">III", n, 28, 28) + bytes(64)
    (reg / "data_idx" / "hostile_4e9_images.bin").write_bytes(b"\x00" + two_files(labels, images))
    # npy: an images header declaring 10^13 uint8 elements and a matching-count labels header, no data.
    def npy_header(descr, shape):
        text = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
        text += " " * ((64 - (10 + len(text) + 1) % 64) % 64) + "\n"
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode()
    (reg / "data_npy" / "hostile_1e13_pixels.bin").write_bytes(
        two_files(npy_header("<i8", "(100000,)"), npy_header("|u1", "(100000, 100000, 1000)")))
    (reg / "data_npy" / "hostile_labels_1e12.bin").write_bytes(
        two_files(npy_header("<i8", "(1000000000000,)"), npy_header("|u1", "(1000000000000, 1, 1)")))
    return 6


def main():
    for name, make in (("onnx_import", onnx_seeds), ("chip_yaml", chip_seeds), ("data_idx", data_idx_seeds),
                       ("data_json", data_json_seeds), ("data_csv", data_csv_seeds), ("data_npy", data_npy_seeds),
                       ("hostile inputs", hostile_inputs)):
        print(f"{name}: {make()} seeds")


if __name__ == "__main__":
    main()

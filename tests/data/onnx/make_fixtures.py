#!/usr/bin/python3
"""Makes the small ONNX fixtures the importer tests read (run with Debian's /usr/bin/python3, onnx 1.12).

  tiny_mlp.onnx      x[batch,4] -> Gemm(W,B) -> Relu -> Mul(Constant 2.0) -> y[batch,3]; W, B are initializers
                     and B is also listed as a graph input (so it must become a constant, not an input)
  qdq_conv.onnx      x -> QuantizeLinear(u8) -> DequantizeLinear -> Conv(DequantizeLinear(int8 weight, per-channel))
  unsupported.onnx   uses Sin twice and Cos once (not in graph/ops.def) plus a supported Relu
  truncated.onnx     the first half of tiny_mlp.onnx's bytes
  random_bytes.onnx  1000 bytes from a fixed-seed generator
  empty.onnx         0 bytes
Outputs are committed; rerun this script after changing it.
"""
import os
import random

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def save(model, name):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))


def tiny_mlp():
    w = numpy_helper.from_array(np.arange(12, dtype=np.float32).reshape(3, 4) / 10, "W")
    b = numpy_helper.from_array(np.array([0.5, -1.0, 0.25], dtype=np.float32), "B")
    nodes = [
        helper.make_node("Gemm", ["x", "W", "B"], ["h"], name="fc", transB=1),
        helper.make_node("Relu", ["h"], ["r"], name="relu"),
        helper.make_node("Constant", [], ["two"], name="const_two", value_float=2.0),
        helper.make_node("Mul", ["r", "two"], ["y"], name="scale"),
    ]
    g = helper.make_graph(
        nodes, "tiny_mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4]),
         helper.make_tensor_value_info("B", TensorProto.FLOAT, [3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
        initializer=[w, b])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="ohmic-fixtures")


def qdq_conv():
    w_q = numpy_helper.from_array(np.array([[[[1, -2], [3, -4]]], [[[5, 6], [-7, 8]]]], dtype=np.int8), "w_q")
    w_scale = numpy_helper.from_array(np.array([0.5, 0.25], dtype=np.float32), "w_scale")
    w_zp = numpy_helper.from_array(np.array([0, 0], dtype=np.int8), "w_zp")
    x_scale = numpy_helper.from_array(np.array(0.1, dtype=np.float32), "x_scale")
    x_zp = numpy_helper.from_array(np.array(128, dtype=np.uint8), "x_zp")
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zp"], ["x_q"], name="quant_x"),
        helper.make_node("DequantizeLinear", ["x_q", "x_scale", "x_zp"], ["x_dq"], name="dequant_x"),
        helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zp"], ["w_dq"], name="dequant_w", axis=0),
        helper.make_node("Conv", ["x_dq", "w_dq"], ["y"], name="conv"),
    ]
    g = helper.make_graph(
        nodes, "qdq_conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 3, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 2, 2])],
        initializer=[w_q, w_scale, w_zp, x_scale, x_zp])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="ohmic-fixtures")


def unsupported():
    nodes = [
        helper.make_node("Sin", ["x"], ["a"], name="sin_a"),
        helper.make_node("Relu", ["a"], ["b"], name="relu_b"),
        helper.make_node("Cos", ["b"], ["c"], name="cos_c"),
        helper.make_node("Sin", ["c"], ["y"], name="sin_y"),
    ]
    g = helper.make_graph(
        nodes, "unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="ohmic-fixtures")


def main():
    save(tiny_mlp(), "tiny_mlp.onnx")
    save(qdq_conv(), "qdq_conv.onnx")
    save(unsupported(), "unsupported.onnx")
    data = tiny_mlp().SerializeToString()
    with open(os.path.join(HERE, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])
    rng = random.Random(20261125)
    with open(os.path.join(HERE, "random_bytes.onnx"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(1000)))
    open(os.path.join(HERE, "empty.onnx"), "wb").close()


if __name__ == "__main__":
    main()

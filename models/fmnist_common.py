"""Shared pieces of the bundled Fashion-MNIST models: data loading, the declared preprocessing, and evaluation.

The preprocessing is NOT baked into the ONNX graphs. It is declared in each model's manifest and applied outside the
model, in float32, operation by operation in this order:  y = (x * scale - mean) / std.
The C++ reader (src/ohmic/data) applies exactly the same float32 operations, so host runs see bit-identical inputs.
"""
import gzip
import os
import struct

import numpy as np

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"  # Debian package dataset-fashion-mnist

# Fashion-MNIST training-set pixel mean and standard deviation after scaling to [0, 1] (computed over all 60,000
# training images: 0.28604 and 0.35302), rounded to four digits; the rounded values are the declared constants.
PREPROCESSING = {"scale": 1.0 / 255.0, "mean": 0.2860, "std": 0.3530}


def read_idx(path):
    """Reads an idx file (gzip-compressed), returns a numpy uint8 array with the declared dimensions."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype_code, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte idx file")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if body.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {body.size} bytes of data, dims {dims} need {int(np.prod(dims))}")
    return body.reshape(dims)


def load_split(split, directory=FASHION_MNIST_DIR):
    """Returns (images uint8 [N,28,28], labels int64 [N]) of split 'train' or 'test'."""
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    return images, labels


def preprocess(images_u8):
    """uint8 [N,28,28] -> float32 [N,1,28,28], float32 operation by operation: (x * scale - mean) / std."""
    x = images_u8.astype(np.float32)[:, None, :, :]
    x = x * np.float32(PREPROCESSING["scale"])
    x = x - np.float32(PREPROCESSING["mean"])
    x = x / np.float32(PREPROCESSING["std"])
    return x

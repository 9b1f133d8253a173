"""dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1, 128-d) as an ONNX graph, built from the
tfjs weights that npm @vladmandic/face-api ships (model/face_recognition_model.bin and its weights manifest).

The tfjs package holds weights only: the network is defined in the package's TypeScript
(src/faceRecognitionNet/FaceRecognitionNet.ts, convLayer.ts, residualLayer.ts, scaleLayer.ts), restated here:

    convDown(x)      conv 'valid' stride 2, + bias, * scale + shift, ReLU
    conv(x)          conv 'same' stride 1 (3x3: one pixel each side), + bias, * scale + shift, ReLU
    convNoRelu(x)    the same without the ReLU
    residual(x)      ReLU(convNoRelu(conv(x)) + x)
    residualDown(x)  out = convNoRelu(convDown(x)); pooled = avgPool 2x2 stride 2 'valid' (x);
                     out gets a zero row at the bottom and a zero column at the right when it is smaller than pooled;
                     pooled gets zero channels when it has fewer; ReLU(out + pooled)
    network          convDown 7x7 (32) -> maxPool 3x3 stride 2 'valid' -> 3 residual (32)
                     -> residualDown + 3 residual (64) -> residualDown + 2 residual (128)
                     -> residualDown + 2 residual (256) -> residualDown (256) -> mean over H, W -> MatMul fc (256x128)

Weights: 109 of the 117 tensors are stored as uint8 with a per-tensor (scale, min): value = q * scale + min, computed
as tfjs does (in double precision, stored as float32); the conv64 filters are float32. The per-channel scale and
shift of each layer are folded into its convolution (the same function up to float rounding). The graph takes the
150x150 RGB chip already normalised, (pixel - mean) / 256 with mean (122.782, 117.001, 104.298) as dlib's
input_rgb_image does, NCHW with a dynamic batch, and returns the 128-d descriptor unnormalised (dlib compares by
Euclidean distance; Homeward L2-normalises it like every embedding).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INPUT_SIDE = 150


def read_weights(manifest_path):
    with open(manifest_path) as f:
        groups = json.load(f)
    folder = os.path.dirname(manifest_path)
    weights = {}
    for group in groups:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            q = spec.get("quantization")
            if q is not None:
                if q["dtype"] != "uint8":
                    raise SystemExit(f"{spec['name']}: quantisation {q['dtype']} is not handled")
                raw = np.frombuffer(data, dtype=np.uint8, count=count, offset=offset)
                offset += count
                values = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
            else:
                if spec["dtype"] != "float32":
                    raise SystemExit(f"{spec['name']}: dtype {spec['dtype']} is not handled")
                values = np.frombuffer(data, dtype="<f4", count=count, offset=offset).astype(np.float32)
                offset += 4 * count
            weights[spec["name"]] = values.reshape(spec["shape"])
        if offset != len(data):
            raise SystemExit(f"the weights use {offset} of {len(data)} bytes: the manifest does not describe the file")
    return weights


class Graph:
    def __init__(self, weights):
        self.w = weights
        self.nodes = []
        self.inits = []
        self.used = set()
        self.count = 0

    def name(self, base):
        self.count += 1
        return f"{base}_{self.count}"

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def take(self, key):
        self.used.add(key)
        return self.w[key]

    def conv(self, x, prefix, stride, same, relu):
        filters = self.take(f"{prefix}/conv/filters").astype(np.float64)  # [kh, kw, in, out]
        bias = self.take(f"{prefix}/conv/bias").astype(np.float64)
        scale = self.take(f"{prefix}/scale/weights").astype(np.float64)
        shift = self.take(f"{prefix}/scale/biases").astype(np.float64)
        kernel = filters.transpose(3, 2, 0, 1) * scale[:, None, None, None]  # [out, in, kh, kw]
        folded = bias * scale + shift
        k = kernel.shape[2]
        pad = (k - 1) // 2 if same else 0
        w = self.const(f"{prefix}/W", kernel.astype(np.float32))
        b = self.const(f"{prefix}/B", folded.astype(np.float32))
        out = self.name(prefix.replace("/", "_"))
        self.nodes.append(helper.make_node("Conv", [x, w, b], [out], kernel_shape=[k, k], strides=[stride, stride],
                                           pads=[pad, pad, pad, pad]))
        if relu:
            r = self.name("relu")
            self.nodes.append(helper.make_node("Relu", [out], [r]))
            return r
        return out

    def add_relu(self, a, b):
        s = self.name("add")
        self.nodes.append(helper.make_node("Add", [a, b], [s]))
        r = self.name("relu")
        self.nodes.append(helper.make_node("Relu", [s], [r]))
        return r

    def residual(self, x, prefix):
        out = self.conv(x, f"{prefix}/conv1", 1, True, True)
        out = self.conv(out, f"{prefix}/conv2", 1, True, False)
        return self.add_relu(out, x)

    def residual_down(self, x, prefix, side, channels_in):
        out = self.conv(x, f"{prefix}/conv1", 2, False, True)
        out = self.conv(out, f"{prefix}/conv2", 1, True, False)
        channels_out = self.w[f"{prefix}/conv2/conv/filters"].shape[3]
        conv_side = (side - 3) // 2 + 1
        pool_side = side // 2
        pooled = self.name("avgpool")
        self.nodes.append(helper.make_node("AveragePool", [x], [pooled], kernel_shape=[2, 2], strides=[2, 2]))
        if conv_side != pool_side:
            if pool_side - conv_side != 1:
                raise SystemExit(f"{prefix}: sides {conv_side} and {pool_side} differ by more than one")
            pads = self.const(self.name("pads"), np.array([0, 0, 0, 0, 0, 0, 1, 1], dtype=np.int64))
            padded = self.name("pad_hw")
            self.nodes.append(helper.make_node("Pad", [out, pads], [padded], mode="constant"))
            out = padded
        if channels_out != channels_in:
            pads = self.const(self.name("pads"),
                              np.array([0, 0, 0, 0, 0, channels_out - channels_in, 0, 0], dtype=np.int64))
            padded = self.name("pad_c")
            self.nodes.append(helper.make_node("Pad", [pooled, pads], [padded], mode="constant"))
            pooled = padded
        return self.add_relu(out, pooled), pool_side, channels_out


def build(manifest_path):
    g = Graph(read_weights(manifest_path))
    x = g.conv("input", "conv32_down", 2, False, True)
    side = (INPUT_SIDE - 7) // 2 + 1
    pooled = g.name("maxpool")
    g.nodes.append(helper.make_node("MaxPool", [x], [pooled], kernel_shape=[3, 3], strides=[2, 2]))
    x, side, channels = pooled, (side - 3) // 2 + 1, 32
    for i in (1, 2, 3):
        x = g.residual(x, f"conv32_{i}")
    for width, blocks in ((64, 3), (128, 2), (256, 2)):
        x, side, channels = g.residual_down(x, f"conv{width}_down", side, channels)
        for i in range(1, blocks + 1):
            x = g.residual(x, f"conv{width}_{i}")
    x, side, channels = g.residual_down(x, "conv256_down_out", side, channels)
    mean = g.name("mean")
    g.nodes.append(helper.make_node("ReduceMean", [x], [mean], axes=[2, 3], keepdims=0))
    fc = g.const("fc", g.take("fc"))
    g.nodes.append(helper.make_node("MatMul", [mean, fc], ["embedding"]))
    unused = sorted(set(g.w) - g.used)
    if unused:
        raise SystemExit(f"weights not used by the network: {unused}")
    graph = helper.make_graph(
        g.nodes,
        "dlib_face_recognition_resnet_model_v1",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, INPUT_SIDE, INPUT_SIDE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 128])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="homeward-derive",
                              producer_version="1")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model, g.w


def reference(weights, chips):
    """The TypeScript network restated in NHWC with numpy, float64: a check of the graph's layout and padding."""

    def conv(x, prefix, stride, same, relu):
        f = weights[f"{prefix}/conv/filters"].astype(np.float64)
        k = f.shape[0]
        if same:
            p = (k - 1) // 2
            x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
        n, h, w, _ = x.shape
        oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
        out = np.zeros((n, oh, ow, f.shape[3]))
        for i in range(k):
            for j in range(k):
                patch = x[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
                out += patch @ f[i, j]
        out = (out + weights[f"{prefix}/conv/bias"]) * weights[f"{prefix}/scale/weights"] + weights[
            f"{prefix}/scale/biases"]
        return np.maximum(out, 0) if relu else out

    def pool(x, k, s, op):
        n, h, w, c = x.shape
        oh, ow = (h - k) // s + 1, (w - k) // s + 1
        stack = [x[:, i:i + s * oh:s, j:j + s * ow:s, :] for i in range(k) for j in range(k)]
        return np.max(stack, axis=0) if op == "max" else np.mean(stack, axis=0)

    def residual(x, prefix):
        return np.maximum(conv(conv(x, prefix + "/conv1", 1, True, True), prefix + "/conv2", 1, True, False) + x, 0)

    def residual_down(x, prefix):
        out = conv(conv(x, prefix + "/conv1", 2, False, True), prefix + "/conv2", 1, True, False)
        pooled = pool(x, 2, 2, "avg")
        if out.shape[1] != pooled.shape[1]:
            out = np.pad(out, ((0, 0), (0, 1), (0, 1), (0, 0)))
        if out.shape[3] != pooled.shape[3]:
            pooled = np.pad(pooled, ((0, 0), (0, 0), (0, 0), (0, out.shape[3] - pooled.shape[3])))
        return np.maximum(out + pooled, 0)

    x = chips.transpose(0, 2, 3, 1).astype(np.float64)
    x = pool(conv(x, "conv32_down", 2, False, True), 3, 2, "max")
    for i in (1, 2, 3):
        x = residual(x, f"conv32_{i}")
    for width, blocks in ((64, 3), (128, 2), (256, 2)):
        x = residual_down(x, f"conv{width}_down")
        for i in range(1, blocks + 1):
            x = residual(x, f"conv{width}_{i}")
    x = residual_down(x, "conv256_down_out")
    return x.mean(axis=(1, 2)) @ weights["fc"].astype(np.float64)

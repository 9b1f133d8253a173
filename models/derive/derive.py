"""Derives the embedding model's variants from the verified published weights, byte-reproducibly.

    derive.py batch SOURCE OUT            the fp32 graph with a dynamic batch dimension, denormal weights flushed
    derive.py int8 SOURCE TABLE OUT       the batched graph, int8 static QDQ quantisation with the ranges in TABLE
    derive.py calibrate SOURCE FACES N OUT  (development only) ranges from N aligned faces (raw RGB 112x112x3 bytes)
    derive.py tfjs-resnet WEIGHTS OUT     dlib's 128-d ResNet from face-api's tfjs weights (WEIGHTS: the
                                          weights manifest, its .bin beside it), checked against a numpy restatement

`batch` changes no result beyond float rounding: the input and output get a symbolic batch dimension, the one
Reshape keeps the batch ([1, -1] -> [0, -1]), the opset goes from 9 to 13 (needed for per-channel quantisation;
Conv, PRelu, Add and Reshape mean the same there), and the 8,938 weights below float32's smallest normal number
(1.2e-38) become 0. Those denormals cost more than anything else: ONNX Runtime's NCHWc kernels (optimisation level
ALL) ran the published graph at about 4x its BASIC time because of them, and they slowed BASIC by about a third.

`int8` needs no images: the activation ranges were measured once (`calibrate`) on aligned faces from ../shared and
are committed as TABLE (numbers only, no face), so a machine without ../shared derives the same bytes: the output's
sha256 is pinned in the manifest and holds for the versions in requirements.txt. The table's header says which faces
and how (LAG train identities only, so `homeward eval`'s test identities never calibrate the model it measures).
"""
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper, version_converter


def batched(source):
    model = onnx.load(source)
    graph = model.graph
    for value in list(graph.input) + list(graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        dim.ClearField("dim_value")
        dim.dim_param = "batch"
    weights = {w.name: w for w in graph.initializer}
    for node in graph.node:
        if node.op_type == "Reshape":
            shape = weights[node.input[1]]
            values = numpy_helper.to_array(shape).copy()
            if values[0] != 1:
                raise SystemExit(f"unexpected Reshape target {values.tolist()}")
            values[0] = 0  # copy the input's batch dimension
            shape.CopyFrom(numpy_helper.from_array(values, shape.name))
    tiny = np.finfo(np.float32).tiny
    for w in graph.initializer:
        values = numpy_helper.to_array(w)
        if values.dtype == np.float32 and np.any((values != 0) & (np.abs(values) < tiny)):
            flushed = np.where(np.abs(values) < tiny, np.float32(0), values).astype(np.float32)
            w.CopyFrom(numpy_helper.from_array(flushed, w.name))
    model = version_converter.convert_version(model, 13)
    onnx.checker.check_model(model)
    return model


def int8(source, table, out):
    from onnxruntime.quantization import QuantType
    from onnxruntime.quantization.calibrate import CalibrationMethod, TensorsData
    from onnxruntime.quantization.qdq_quantizer import QDQQuantizer
    from onnxruntime.quantization.registry import QDQRegistry, QLinearOpsRegistry
    from onnxruntime.quantization.quant_utils import save_and_reload_model_with_shape_infer

    with open(table) as f:
        ranges = json.load(f)["ranges"]
    data = {name: (np.float32(lo), np.float32(hi)) for name, (lo, hi) in sorted(ranges.items())}
    model = save_and_reload_model_with_shape_infer(batched(source))
    ops = sorted(set(QLinearOpsRegistry) | set(QDQRegistry))
    quantizer = QDQQuantizer(
        model,
        True,  # per channel
        False,  # reduce range
        QuantType.QInt8,  # weights
        QuantType.QUInt8,  # activations
        TensorsData(CalibrationMethod.MinMax, data),
        [],
        [],
        ops,
        {},
    )
    quantizer.quantize_model()
    quantizer.model.save_model_to_file(out, False)


def tfjs_resnet(weights_manifest, out):
    import onnxruntime as ort

    import tfjs_resnet as net

    model, weights = net.build(weights_manifest)
    onnx.save(model, out)
    # The graph against the network restated in numpy (NHWC, float64, unfolded scale layers), on two fixed
    # pseudo-random chips in the normalised input's range: a transposed filter or a misplaced pad shows as a large gap.
    chips = np.random.default_rng(150).uniform(-0.5, 0.5, size=(2, 3, 150, 150)).astype(np.float32)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    got = ort.InferenceSession(out, options, providers=["CPUExecutionProvider"]).run(None, {"input": chips})[0]
    want = net.reference(weights, chips)
    gap = float(np.max(np.abs(got - want)) / np.max(np.abs(want)))
    print(f"tfjs-resnet: largest difference from the numpy restatement {gap:.2e} of the largest output")
    if not gap < 1e-4:
        raise SystemExit(f"the ONNX graph does not compute the network (relative difference {gap:.2e})")


def scalar(x):
    return float(np.asarray(x, dtype=np.float32).reshape(-1)[0])


def calibrate(source, faces, count, out):
    import tempfile

    from onnxruntime.quantization.calibrate import CalibrationDataReader, create_calibrator, CalibrationMethod

    raw = np.fromfile(faces, dtype=np.uint8).reshape(-1, 112, 112, 3)[:count]
    chw = ((raw.astype(np.float32) - 127.0) / 128.0).transpose(0, 3, 1, 2).copy()

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.rows = iter(range(len(chw)))

        def get_next(self):
            i = next(self.rows, None)
            return None if i is None else {"input": chw[i : i + 1]}

    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/batched.onnx"
        onnx.save(batched(source), path)
        # The 99.99th percentile of each activation's histogram, not its extremes: measured closer to the fp32
        # vectors (mean cosine 0.988 against 0.969 with MinMax, on these faces).
        calibrator = create_calibrator(path, [], augmented_model_path=f"{tmp}/augmented.onnx",
                                       calibrate_method=CalibrationMethod.Percentile,
                                       extra_options={"percentile": 99.99, "symmetric": False})
        calibrator.collect_data(Reader())
        ranges = calibrator.compute_data()
    table = {
        "format": "homeward-calibration/1",
        "method": "Percentile 99.99 (histogram, 2048 bins) of every activation, per tensor, asymmetric",
        "faces": int(len(chw)),
        "ranges": {k: [scalar(v.range_value[0]), scalar(v.range_value[1])] for k, v in sorted(ranges.data.items())},
    }
    return table


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "batch":
        onnx.save(batched(sys.argv[2]), sys.argv[3])
    elif what == "int8":
        int8(sys.argv[2], sys.argv[3], sys.argv[4])
    elif what == "tfjs-resnet":
        tfjs_resnet(sys.argv[2], sys.argv[3])
    elif what == "calibrate":
        table = calibrate(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        ranges = table.pop("ranges")
        text = json.dumps(table, indent=2)[:-2] + ',\n  "ranges": {\n'
        text += ",\n".join(f"    {json.dumps(k)}: [{lo!r}, {hi!r}]" for k, (lo, hi) in ranges.items())
        with open(sys.argv[5], "w") as f:
            f.write(text + "\n  }\n}\n")
    else:
        raise SystemExit(__doc__)

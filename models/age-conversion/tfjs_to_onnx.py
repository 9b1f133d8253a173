"""Converts a TensorFlow.js graph model to ONNX, byte-reproducibly.

    python tfjs_to_onnx.py MODEL.json OUT.onnx --inputs-as-nchw NAME [--opset N]

tf2onnx reads tfjs graph models itself (no tensorflowjs package needed), with two fixes applied here:
- fused ops written by older tfjs converters lack the `TArgs` attribute that TensorFlow 2.21 requires;
- tf2onnx 1.17 still calls numpy.product, which numpy 2 removed.
Its output varies from run to run (generated names, which of several equal constants is kept, the order of
independent nodes) and records the temporary path it read from, so the result is canonicalised: every tensor is
named after a digest of what computes it, nodes are in a fixed topological order, the doc string is cleared. The
same inputs and tool versions then give the same bytes, which the manifest pins.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile

import numpy as np

if not hasattr(np, "product"):
    np.product = np.prod

import onnx  # noqa: E402
import onnx.numpy_helper  # noqa: E402
from tf2onnx import convert  # noqa: E402

FUSED = ("_FusedConv2D", "FusedDepthwiseConv2dNative", "_FusedMatMul")


def patched_copy(model_json, work):
    with open(model_json) as f:
        model = json.load(f)
    topology = model["modelTopology"]
    nodes = list(topology.get("node", []))
    for fn in topology.get("library", {}).get("function", []):
        nodes += fn.get("nodeDef", [])
    for node in nodes:
        attr = node.setdefault("attr", {})
        if node["op"] in FUSED and "TArgs" not in attr:
            count = int(attr.get("num_args", {}).get("i", "0"))
            attr["TArgs"] = {"list": {"type": ["DT_FLOAT"] * count}}
    with open(os.path.join(work, "model.json"), "w") as f:
        json.dump(model, f)
    for group in model["weightsManifest"]:
        for path in group["paths"]:
            shutil.copy(os.path.join(os.path.dirname(model_json), path), work)
    return os.path.join(work, "model.json")


def canonicalise(path):
    """Names every tensor after what computes it, and orders nodes and initialisers by those names.

    tf2onnx names generated constants with a global counter, keeps one of several equal constants (which one
    varies), and breaks ties in its topological order differently from run to run. Equal computations get equal
    structural digests here, so the saved graph no longer depends on those choices."""
    model = onnx.load(path)
    graph = model.graph
    digest = {}
    for init in graph.initializer:
        body = onnx.numpy_helper.to_array(init)
        digest[init.name] = hashlib.sha256(
            b"const%d|%s|" % (init.data_type, str(body.shape).encode()) + body.tobytes()).hexdigest()
    for inp in graph.input:
        digest.setdefault(inp.name, hashlib.sha256(b"input" + inp.name.encode()).hexdigest())
    pending = list(graph.node)
    while pending:
        ready = [n for n in pending if all(i == "" or i in digest for i in n.input)]
        if not ready:
            raise SystemExit("graph is not a DAG")
        for node in ready:
            attrs = b"".join(a.SerializeToString(deterministic=True)
                             for a in sorted(node.attribute, key=lambda a: a.name))
            body = (node.op_type + "|" + node.domain + "|").encode() + attrs + \
                "|".join(digest.get(i, "") for i in node.input).encode()
            for k, out in enumerate(node.output):
                digest[out] = hashlib.sha256(body + b"#%d" % k).hexdigest()
        ready_ids = {id(n) for n in ready}
        pending = [n for n in pending if id(n) not in ready_ids]
    initialised = {t.name for t in graph.initializer}
    keep = {o.name for o in graph.output} | {i.name for i in graph.input if i.name not in initialised}
    names = {name: name if name in keep else "t" + d[:20] for name, d in digest.items()}
    names[""] = ""

    inits = {}
    for init in graph.initializer:
        init.name = names[init.name]
        inits.setdefault(init.name, init)
    del graph.initializer[:]
    graph.initializer.extend(sorted(inits.values(), key=lambda t: t.name))
    inputs = {}
    for info in graph.input:
        info.name = names.get(info.name, info.name)
        inputs.setdefault(info.name, info)
    del graph.input[:]
    graph.input.extend(inputs.values())

    unique = {}
    for node in graph.node:
        for i, name in enumerate(node.input):
            node.input[i] = names[name]
        for i, name in enumerate(node.output):
            node.output[i] = names[name]
        node.name = node.output[0]
        unique.setdefault(tuple(node.output), node)
    available = set(inputs) | set(inits) | {""}
    pending = sorted(unique.values(), key=lambda n: n.output[0])
    order = []
    while pending:
        for k, node in enumerate(pending):
            if all(i in available for i in node.input):
                order.append(node)
                available.update(node.output)
                del pending[k]
                break
        else:
            raise SystemExit("graph is not a DAG after renaming")
    del graph.node[:]
    graph.node.extend(order)
    for info in list(graph.input) + list(graph.output):
        for dim in info.type.tensor_type.shape.dim:
            if dim.dim_param:
                dim.dim_param = "N"
    del graph.value_info[:]
    graph.doc_string = ""
    onnx.save(model, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model_json")
    parser.add_argument("output")
    parser.add_argument("--inputs-as-nchw", required=True)
    parser.add_argument("--opset", default="13")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="homeward-tfjs-")
    try:
        source = patched_copy(args.model_json, work)
        sys.argv = ["tf2onnx.convert", "--tfjs", source, "--output", args.output,
                    "--opset", args.opset, "--inputs-as-nchw", args.inputs_as_nchw]
        convert.main()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    canonicalise(args.output)


if __name__ == "__main__":
    main()

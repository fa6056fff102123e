#!/usr/bin/env python3
"""Multiply-adds of an ONNX model at a given input shape (Conv, ConvTranspose,
MatMul, Gemm; elementwise work is ignored).

    python3 scripts/count_macs.py MODEL.onnx 1 3 736 960

Needs the `onnx` Python package (`python3 -m pip install onnx`). Used for the
work / time table in the ocr-engine crate docs.
"""
import sys

import onnx
from onnx import shape_inference


def dims(shapes, name):
    return shapes.get(name)


def main():
    path, shape = sys.argv[1], [int(v) for v in sys.argv[2:]]
    model = onnx.load(path)
    inp = model.graph.input[0]
    for d, v in zip(inp.type.tensor_type.shape.dim, shape):
        d.ClearField("dim_param")
        d.dim_value = v
    model = shape_inference.infer_shapes(model, data_prop=True)
    shapes = {}
    for vi in list(model.graph.value_info) + list(model.graph.input) + list(model.graph.output):
        t = vi.type.tensor_type
        if t.HasField("shape"):
            shapes[vi.name] = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
    inits = {i.name: list(i.dims) for i in model.graph.initializer}
    shapes.update(inits)
    total, unknown = 0, 0
    by_op = {}
    for node in model.graph.node:
        macs = None
        if node.op_type in ("Conv", "ConvTranspose"):
            w = shapes.get(node.input[1])
            out = shapes.get(node.output[0])
            inp_s = shapes.get(node.input[0])
            group = next((a.i for a in node.attribute if a.name == "group"), 1)
            if w and out and None not in out and inp_s and None not in inp_s:
                if node.op_type == "Conv":
                    macs = out[0] * out[1] * out[2] * out[3] * w[1] * w[2] * w[3]
                else:
                    macs = inp_s[0] * inp_s[1] * inp_s[2] * inp_s[3] * w[1] * w[2] * w[3]
        elif node.op_type in ("MatMul", "Gemm"):
            a, b = shapes.get(node.input[0]), shapes.get(node.input[1])
            if a and b and None not in a and None not in b:
                n = 1
                for v in a[:-1]:
                    n *= v
                k = a[-1]
                m = b[-1] if node.op_type == "MatMul" else (b[0] if any(x.name == "transB" and x.i for x in node.attribute) else b[-1])
                macs = n * k * m
        else:
            continue
        if macs is None:
            unknown += 1
            continue
        total += macs
        by_op[node.op_type] = by_op.get(node.op_type, 0) + macs
    print(f"{total / 1e9:.3f} GMAC", {k: round(v / 1e9, 3) for k, v in by_op.items()}, f"unknown shapes: {unknown}")


if __name__ == "__main__":
    main()

import {
  bytesField,
  concat,
  float32Bytes,
  floatField,
  int64Bytes,
  intField,
  messageField,
  stringField,
} from './protobuf';

/**
 * An ONNX model written by hand: the ModelProto of onnx.proto with only the fields an inference graph
 * needs, every field number below taken from onnx.proto. The graph is built node by node by
 * OnnxGraph; the model builders (onnx-models.ts) say what the nodes are.
 *
 * Opset 17 (the first with LayerNormalization) needs IR version 8.
 */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
export const ONNX_FORMAT = 'unha-onnx';

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const ONNX_BOOL = 9;
export type ElemType = typeof ONNX_FLOAT | typeof ONNX_INT64 | typeof ONNX_BOOL;

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** One node attribute: an integer, a float or a list of integers. */
export type Attr = { name: string } & ({ int: number } | { float: number } | { ints: readonly number[] });

export const attrInt = (name: string, int: number): Attr => ({ name, int });
export const attrFloat = (name: string, float: number): Attr => ({ name, float });
export const attrInts = (name: string, ints: readonly number[]): Attr => ({ name, ints });

function attribute(a: Attr): Uint8Array {
  // AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20. `ints` is a plain repeated int64 in
  // onnx.proto (not [packed = true]): one field per value.
  const fields = [stringField(1, a.name)];
  if ('int' in a) fields.push(intField(3, a.int), intField(20, ATTR_INT));
  else if ('float' in a) fields.push(floatField(2, a.float), intField(20, ATTR_FLOAT));
  else fields.push(...a.ints.map((v) => intField(8, v)), intField(20, ATTR_INTS));
  return concat(fields);
}

/** A dimension of a graph input or output: a size, or a name for a size given at run time. */
export type Dim = number | string;

function valueInfo(name: string, elem: ElemType, dims: readonly Dim[]): Uint8Array {
  // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2; TensorShapeProto: dim = 1;
  // TypeProto.Tensor: elem_type = 1, shape = 2; TypeProto: tensor_type = 1; ValueInfoProto: name = 1, type = 2.
  const dim = (d: Dim) => messageField(1, [typeof d === 'number' ? intField(1, d) : stringField(2, d)]);
  const shape = messageField(2, dims.map(dim));
  const tensorType = messageField(1, [intField(1, elem), shape]);
  return concat([stringField(1, name), messageField(2, [tensorType])]);
}

/**
 * The graph under construction. Initializers are the weights (rounded to float32 here), nodes are
 * added in the order they run (ONNX wants them sorted topologically, which writing the forward pass
 * in order gives).
 */
export class OnnxGraph {
  private readonly nodes: Uint8Array[] = [];
  private readonly inits: Uint8Array[] = [];
  private readonly inputs: Uint8Array[] = [];
  private readonly outputs: Uint8Array[] = [];
  private readonly names = new Set<string>();

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`OnnxGraph: the name '${name}' is used twice`);
    this.names.add(name);
    return name;
  }

  input(name: string, elem: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), elem, dims));
    return name;
  }

  output(name: string, elem: ElemType, dims: readonly Dim[]): void {
    // The output is a value some node computes: its name is claimed by that node.
    this.outputs.push(valueInfo(name, elem, dims));
  }

  private tensor(name: string, dims: readonly number[], elem: ElemType, data: Uint8Array): string {
    // TensorProto: dims = 1 (repeated int64, one field each), data_type = 2, float_data = 4
    // ([packed = true]), name = 8, raw_data = 9 (little-endian, fixed width).
    const size = dims.reduce((a, b) => a * b, 1);
    const width = elem === ONNX_FLOAT ? 4 : elem === ONNX_INT64 ? 8 : 1;
    if (data.length !== size * width) throw new Error(`OnnxGraph: '${name}' has ${data.length} bytes`);
    // float_data is the packed field: its bytes are the same 4 bytes per value as raw_data's.
    const payload = elem === ONNX_FLOAT ? bytesField(4, data) : bytesField(9, data);
    const fields = [...dims.map((d) => intField(1, d)), intField(2, elem), stringField(8, name), payload];
    this.inits.push(concat(fields));
    return this.claim(name);
  }

  /** A float32 initializer (the values are rounded to float32). */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    return this.tensor(name, dims, ONNX_FLOAT, float32Bytes(values));
  }

  int64s(name: string, dims: readonly number[], values: readonly number[]): string {
    return this.tensor(name, dims, ONNX_INT64, int64Bytes(values));
  }

  bools(name: string, dims: readonly number[], values: readonly boolean[]): string {
    return this.tensor(
      name,
      dims,
      ONNX_BOOL,
      Uint8Array.from(values, (b) => (b ? 1 : 0)),
    );
  }

  /** A node of the default domain; its name is its first output's. Returns the first output. */
  node(
    op: string,
    inputs: readonly string[],
    outputs: string | readonly string[],
    attrs: Attr[] = [],
  ): string {
    const outs = typeof outputs === 'string' ? [outputs] : outputs;
    for (const i of inputs)
      if (i !== '' && !this.names.has(i)) throw new Error(`OnnxGraph: ${op} reads '${i}' before it exists`);
    outs.forEach((o) => this.claim(o));
    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
    this.nodes.push(
      concat([
        ...inputs.map((i) => stringField(1, i)),
        ...outs.map((o) => stringField(2, o)),
        stringField(3, outs[0]),
        stringField(4, op),
        ...attrs.map((a) => messageField(5, [attribute(a)])),
      ]),
    );
    return outs[0];
  }

  /**
   * The model file: ModelProto { ir_version = 1, producer_name = 2, producer_version = 3,
   * doc_string = 6, graph = 7, opset_import = 8, metadata_props = 14 }, the graph being
   * GraphProto { node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12 }.
   */
  model(name: string, doc: string, metadata: Record<string, string>): Uint8Array {
    const graph = concat([
      ...this.nodes.map((n) => bytesField(1, n)),
      stringField(2, name),
      ...this.inits.map((t) => bytesField(5, t)),
      stringField(10, doc),
      ...this.inputs.map((v) => bytesField(11, v)),
      ...this.outputs.map((v) => bytesField(12, v)),
    ]);
    // OperatorSetIdProto: domain = 1 (empty: the default ai.onnx), version = 2.
    const opset = messageField(8, [stringField(1, ''), intField(2, ONNX_OPSET)]);
    // StringStringEntryProto: key = 1, value = 2.
    const props = Object.entries(metadata).map(([k, v]) =>
      messageField(14, [stringField(1, k), stringField(2, v)]),
    );
    return concat([
      intField(1, ONNX_IR_VERSION),
      stringField(2, 'unha'),
      stringField(3, '1'),
      stringField(6, doc),
      bytesField(7, graph),
      opset,
      ...props,
    ]);
  }
}

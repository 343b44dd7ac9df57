import { Tensor, type Shape, shapeStr } from '../tensor';

/**
 * What every op file exports beside its function: the rules a learner reads, rendered as the op
 * glossary docs/ops.md (generated from the registry; a test keeps it up to date).
 */
export interface OpInfo {
  name: string;
  /** Forward rule, in the notation of the explanation. */
  forward: string;
  /** Backward rule: how ∂L/∂out becomes ∂L/∂input. */
  backward: string;
  /** Every op has a hand-written gradient; a fused one does in one step what primitives could. */
  kind: 'primitive' | 'fused';
}

/** The op glossary (docs/ops.md): every op's forward and backward rule, from the registry. */
export function opGlossary(ops: readonly OpInfo[]): string {
  const cell = (s: string): string => `\`${s.replace(/\|/g, '\\|')}\``;
  const rows = [...ops]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((o) => `| \`${o.name}\` | ${o.kind} | ${cell(o.forward)} | ${cell(o.backward)} |`);
  return [
    '# Ops: the forward and backward rule of each',
    '',
    "<!-- Generated from the op files' exported `…Info` objects (packages/engine/src/ops/*.ts) by",
    '     `UPDATE_DOCS=1 npx vitest run packages/engine/test/ops-glossary.test.ts`; a test fails when',
    '     this file and the op files disagree. Do not edit by hand. -->',
    '',
    'Every value of the graph is made by one of these ops. The forward rule computes the value; the',
    'backward rule is its share of the chain rule: how the gradient of the loss with respect to the',
    'output, ∂L/∂c, becomes the gradients with respect to the inputs (added to what they already have:',
    'gradients accumulate). A fused op does in one step what a chain of primitives could, because its',
    'formula is the one the lesson writes (`linear`: z = W·x + b), and is tested against that chain.',
    '',
    '| op | kind | forward | backward |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/**
 * Creates the output tensor of an op, wiring it into the graph only if some input needs a gradient.
 * Its dtype is float32 only when every input is float32 (mixing with float64 gives float64).
 */
export function result(data: Float64Array, shape: Shape, op: string, inputs: Tensor[], label = ''): Tensor {
  const dtype = inputs.length > 0 && inputs.every((t) => t.dtype === 'float32') ? 'float32' : 'float64';
  return new Tensor(data, shape, op, inputs, label, dtype);
}

/** One axis of a shape cut out: `outer` blocks of `n` slices of `inner` contiguous values each. */
export interface AxisSplit {
  /** The axis, counted from 0 (a negative axis counts from the end: −1 is the last). */
  axis: number;
  outer: number;
  n: number;
  inner: number;
  /** The shape after reducing the axis: without it, or with 1 in its place (keepdims). */
  outShape: number[];
}

/**
 * Where the values along one axis sit in row-major data: value k of the axis for block o and offset i
 * is data[(o·n + k)·inner + i]. For [2, 3, 4] and axis 1: outer 2, n 3, inner 4.
 */
export function splitAxis(op: string, shape: Shape, axis: number, keepdims: boolean): AxisSplit {
  const nd = shape.length;
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) {
    throw new Error(
      `${op}: argument 'axis' must be an integer from ${-nd} to ${nd - 1} for shape ${shapeStr(shape)}, got ${axis}`,
    );
  }
  const ax = axis < 0 ? axis + nd : axis;
  let outer = 1;
  for (let d = 0; d < ax; d++) outer *= shape[d];
  let inner = 1;
  for (let d = ax + 1; d < nd; d++) inner *= shape[d];
  const outShape = keepdims ? shape.map((s, d) => (d === ax ? 1 : s)) : shape.filter((_, d) => d !== ax);
  return { axis: ax, outer, n: shape[ax], inner, outShape };
}

/** NumPy-style broadcasting of two shapes (trailing dimensions align; 1 stretches). */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${shapeStr(a)} and ${shapeStr(b)} cannot be broadcast together`);
    }
    out.push(Math.max(da, db));
  }
  return out;
}

/** For each output index, the index into an input of shape `s` broadcast to `out`. */
export function broadcastIndex(s: Shape, out: Shape): Int32Array {
  const total = out.reduce((x, y) => x * y, 1);
  const idx = new Int32Array(total);
  const n = out.length;
  const strides: number[] = new Array<number>(n).fill(0);
  let stride = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    const outDim = n - s.length + i;
    strides[outDim] = s[i] === 1 ? 0 : stride;
    stride *= s[i];
  }
  const counter = new Array<number>(n).fill(0);
  let pos = 0;
  for (let k = 0; k < total; k++) {
    idx[k] = pos;
    for (let d = n - 1; d >= 0; d--) {
      counter[d]++;
      pos += strides[d];
      if (counter[d] < out[d]) break;
      pos -= strides[d] * out[d];
      counter[d] = 0;
    }
  }
  return idx;
}

/** Shared machinery of elementwise binary ops: f(a, b) with ∂f/∂a and ∂f/∂b given per element. */
export function binary(
  op: string,
  a: Tensor,
  b: Tensor,
  f: (x: number, y: number) => number,
  dfa: (x: number, y: number, out: number) => number,
  dfb: (x: number, y: number, out: number) => number,
  label = '',
): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const total = shape.reduce((x, y) => x * y, 1);
  const same = a.size === total && b.size === total;
  const ia = same ? null : broadcastIndex(a.shape, shape);
  const ib = same ? null : broadcastIndex(b.shape, shape);
  const data = new Float64Array(total);
  for (let k = 0; k < total; k++) data[k] = f(a.data[ia ? ia[k] : k], b.data[ib ? ib[k] : k]);
  const out = result(data, shape, op, [a, b], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const ga = a.requiresGrad ? a.gradBuffer() : null;
      const gb = b.requiresGrad ? b.gradBuffer() : null;
      for (let k = 0; k < total; k++) {
        const ka = ia ? ia[k] : k;
        const kb = ib ? ib[k] : k;
        const x = a.data[ka];
        const y = b.data[kb];
        // Broadcast inputs receive the SUM of the gradients of every output they were stretched to.
        if (ga) ga[ka] += g[k] * dfa(x, y, data[k]);
        if (gb) gb[kb] += g[k] * dfb(x, y, data[k]);
      }
    };
  }
  return out;
}

/** Shared machinery of elementwise unary ops: f(x) with its derivative given from x and f(x). */
export function unary(
  op: string,
  x: Tensor,
  f: (v: number) => number,
  df: (v: number, out: number) => number,
  label = '',
): Tensor {
  const data = new Float64Array(x.size);
  for (let k = 0; k < x.size; k++) data[k] = f(x.data[k]);
  const out = result(data, x.shape, op, [x], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.gradBuffer();
      for (let k = 0; k < x.size; k++) gx[k] += g[k] * df(x.data[k], data[k]);
    };
  }
  return out;
}

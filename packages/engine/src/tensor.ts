/**
 * A tensor of numbers with an optional place in a recorded graph.
 *
 * float64 (not float32) by default so that hand calculations such as 0,5 − 0,1·(−33) = 3,8 come out
 * exactly as a person would write them, to the last printed digit.
 */
export type Shape = readonly number[];

/**
 * The number type a tensor's values are held in. 'float64' is the reference every lesson uses.
 * 'float32' is accepted so that faster kernels can be added later without changing the graph: today a
 * float32 tensor keeps its storage in a Float64Array but every value is rounded to the nearest float32
 * (Math.fround) when the tensor is made, so it holds exactly the numbers a float32 kernel would store.
 * An op's output is float32 only when every input is (PyTorch's promotion: float32 with float64 gives
 * float64). Gradients stay float64 (as "master" gradients would).
 */
export type DType = 'float64' | 'float32';

/** Nested arrays of any depth: a number (0-D), a list (1-D), a list of lists (2-D), … */
export type NestedInput = number | readonly NestedInput[];
export type Nested = number | Nested[];

export class Tensor {
  /** Row-major values (the last index varies fastest). */
  readonly data: Float64Array;
  readonly shape: Shape;
  readonly dtype: DType;
  /** The op that produced this tensor ('param', 'const' for leaves). */
  readonly op: string;
  /** The op's inputs in order (an array, never a set: a*a has the same input twice). */
  readonly inputs: readonly Tensor[];
  /** Which layer and which step produced it, e.g. 'z1', 'a1', 'ŷ', 'loss'. */
  label: string;
  /** ∂loss/∂this, accumulated by backward(); null until a gradient flows here. */
  grad: Float64Array | null = null;
  /** True for parameters and for every value computed from one. */
  readonly requiresGrad: boolean;
  /** Pushes this.grad into the inputs' grads (the chain rule for this op). */
  backwardFn: (() => void) | null = null;

  constructor(
    data: Float64Array,
    shape: Shape,
    op = 'const',
    inputs: readonly Tensor[] = [],
    label = '',
    dtype: DType = 'float64',
  ) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new Error(`Tensor: data has ${data.length} values but shape [${shape.join(', ')}] needs ${size}`);
    }
    if (dtype === 'float32') for (let k = 0; k < size; k++) data[k] = Math.fround(data[k]);
    this.data = data;
    this.shape = shape;
    this.dtype = dtype;
    this.op = op;
    this.inputs = inputs;
    this.label = label;
    this.requiresGrad = op === 'param' || inputs.some((t) => t.requiresGrad);
  }

  get size(): number {
    return this.data.length;
  }

  /** The grad array, allocated if needed; callers add into it. */
  gradBuffer(): Float64Array {
    if (this.grad === null) this.grad = new Float64Array(this.data.length);
    return this.grad;
  }

  /** Nested arrays for display and JSON: a number for scalars, a list for 1-D, lists of lists beyond. */
  toNested(): Nested {
    return nest(this.data, this.shape);
  }

  item(): number {
    if (this.size !== 1) throw new Error(`item(): tensor '${this.label}' has ${this.size} values, not 1`);
    return this.data[0];
  }
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Row-major strides: how far apart in `data` two values are whose index differs by 1 along each axis.
 * [2, 3, 4] → [12, 4, 1].
 */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/**
 * Row-major values as nested arrays, any number of dimensions. One pass over the data: each value is
 * read once (copying the whole array per row made a 512×512 matrix take seconds, and every epoch nests
 * its parameters).
 */
export function nest(data: ArrayLike<number>, shape: Shape): Nested {
  if (shape.length === 0) return data[0];
  const strides = stridesOf(shape);
  const build = (d: number, offset: number): Nested[] => {
    const n = shape[d];
    const out = new Array<Nested>(n);
    if (d === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = data[offset + i];
    } else {
      for (let i = 0; i < n; i++) out[i] = build(d + 1, offset + i * strides[d]);
    }
    return out;
  };
  return build(0, 0);
}

/** A leaf holding data that is not learned (inputs, targets, masks). */
export function constant(values: NestedInput, label = '', dtype: DType = 'float64'): Tensor {
  const { data, shape } = fromNested(values);
  return new Tensor(data, shape, 'const', [], label, dtype);
}

/** A learnable leaf. */
export function parameter(values: NestedInput, label: string, dtype: DType = 'float64'): Tensor {
  const { data, shape } = fromNested(values);
  return new Tensor(data, shape, 'param', [], label, dtype);
}

/**
 * Nested arrays of any depth → row-major values and shape. Every list at the same depth must have the
 * same length (a ragged array is refused, naming the place: "row [1, 0] has 2 values, expected 3").
 */
export function fromNested(values: NestedInput): { data: Float64Array; shape: number[] } {
  if (typeof values === 'number') return { data: Float64Array.of(values), shape: [] };
  // The shape is read down the first entries; every other entry is then checked against it.
  const shape: number[] = [];
  let probe: NestedInput = values;
  while (typeof probe !== 'number') {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (v: NestedInput, d: number, where: number[]): void => {
    if (d === shape.length) {
      if (typeof v !== 'number')
        throw new Error(`fromNested: value [${where.join(', ')}] is a list, expected a number`);
      data[k++] = v;
      return;
    }
    if (typeof v === 'number')
      throw new Error(`fromNested: value [${where.join(', ')}] is a number, expected a list of ${shape[d]}`);
    if (v.length !== shape[d]) {
      const what = where.length === 0 ? 'the array' : `row [${where.join(', ')}]`;
      throw new Error(`fromNested: ${what} has ${v.length} values, expected ${shape[d]}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], d + 1, [...where, i]);
  };
  walk(values, 0, []);
  return { data, shape };
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function shapeStr(s: Shape): string {
  return `[${s.join(', ')}]`;
}

/** Throws an error naming the op and the argument, in the spirit of "Argument 'x' passed to 'relu' must be ...". */
export function assertShape(cond: boolean, op: string, message: string): asserts cond {
  if (!cond) throw new Error(`${op}: ${message}`);
}

/**
 * A tensor of float64 numbers with an optional place in a recorded graph.
 *
 * float64 (not float32) so that hand calculations such as 0,5 − 0,1·(−33) = 3,8 come out exactly as
 * a person would write them, to the last printed digit.
 */
export type Shape = readonly number[];

export class Tensor {
  /** Row-major values. */
  readonly data: Float64Array;
  readonly shape: Shape;
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

  constructor(data: Float64Array, shape: Shape, op = 'const', inputs: readonly Tensor[] = [], label = '') {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new Error(`Tensor: data has ${data.length} values but shape [${shape.join(', ')}] needs ${size}`);
    }
    this.data = data;
    this.shape = shape;
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

  /** Nested arrays for display and JSON: [rows][cols] for 2-D, a flat list for 1-D, a number for scalars. */
  toNested(): number | number[] | number[][] {
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

export function nest(data: ArrayLike<number>, shape: Shape): number | number[] | number[][] {
  if (shape.length === 0) return data[0];
  if (shape.length === 1) return Array.from(data);
  if (shape.length === 2) {
    const [r, c] = shape;
    // One pass over the data: each value is read once (copying the whole array per row made a
    // 512×512 matrix take seconds, and every epoch nests its parameters).
    const out: number[][] = new Array<number[]>(r);
    for (let i = 0; i < r; i++) {
      const row = new Array<number>(c);
      for (let j = 0; j < c; j++) row[j] = data[i * c + j];
      out[i] = row;
    }
    return out;
  }
  throw new Error(`nest: only up to 2-D is shown as nested arrays, got [${shape.join(', ')}]`);
}

/** A leaf holding data that is not learned (inputs, targets, masks). */
export function constant(
  values: number | readonly number[] | readonly (readonly number[])[],
  label = '',
): Tensor {
  const { data, shape } = fromNested(values);
  return new Tensor(data, shape, 'const', [], label);
}

/** A learnable leaf. */
export function parameter(
  values: number | readonly number[] | readonly (readonly number[])[],
  label: string,
): Tensor {
  const { data, shape } = fromNested(values);
  return new Tensor(data, shape, 'param', [], label);
}

export function fromNested(values: number | readonly number[] | readonly (readonly number[])[]): {
  data: Float64Array;
  shape: number[];
} {
  if (typeof values === 'number') return { data: Float64Array.of(values), shape: [] };
  if (values.length > 0 && Array.isArray(values[0])) {
    const rows = values as readonly (readonly number[])[];
    const cols = rows[0].length;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => {
      if (row.length !== cols)
        throw new Error(`fromNested: row ${i} has ${row.length} values, expected ${cols}`);
      data.set(row, i * cols);
    });
    return { data, shape: [rows.length, cols] };
  }
  return { data: Float64Array.from(values as readonly number[]), shape: [values.length] };
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

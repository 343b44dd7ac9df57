/**
 * The plain baseline of the language-model benchmark: the names-mlp network (embedding, one tanh
 * layer, logits, cross-entropy, sgd) written out by hand over Float64Arrays, with no graph, no trace
 * and no records, the way a person writes it first. Its numbers are checked against LmTrainer's in
 * the bench (same losses), so both sides do the same work.
 */
export interface PlainMlpInit {
  E: number[][];
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

const flat = (m: number[][]): Float64Array => Float64Array.from(m.flat());

export class PlainMlp {
  readonly V: number;
  readonly D: number;
  readonly H: number;
  readonly I: number;
  private readonly E: Float64Array;
  private readonly W1: Float64Array;
  private readonly b1: Float64Array;
  private readonly W2: Float64Array;
  private readonly b2: Float64Array;
  // Work buffers for one batch, allocated once.
  private readonly x: Float64Array;
  private readonly a: Float64Array;
  private readonly p: Float64Array;
  private readonly gE: Float64Array;
  private readonly gW1: Float64Array;
  private readonly gb1: Float64Array;
  private readonly gW2: Float64Array;
  private readonly gb2: Float64Array;
  private readonly dz: Float64Array;
  private readonly dx: Float64Array;

  constructor(
    init: PlainMlpInit,
    readonly context: number,
    readonly batch: number,
  ) {
    this.V = init.E.length;
    this.D = init.E[0].length;
    this.H = init.b1.length;
    this.I = context * this.D;
    this.E = flat(init.E);
    this.W1 = flat(init.W1);
    this.b1 = Float64Array.from(init.b1);
    this.W2 = flat(init.W2);
    this.b2 = Float64Array.from(init.b2);
    const B = batch;
    this.x = new Float64Array(B * this.I);
    this.a = new Float64Array(B * this.H);
    this.p = new Float64Array(B * this.V);
    this.gE = new Float64Array(this.E.length);
    this.gW1 = new Float64Array(this.W1.length);
    this.gb1 = new Float64Array(this.H);
    this.gW2 = new Float64Array(this.W2.length);
    this.gb2 = new Float64Array(this.V);
    this.dz = new Float64Array(B * this.H);
    this.dx = new Float64Array(B * this.I);
  }

  /** One sgd step on the examples `rows` of (contexts, targets); returns the batch loss before it. */
  step(contexts: Int32Array, targets: Int32Array, rows: Int32Array, lr: number): number {
    const { V, D, H, I, E, W1, b1, W2, b2, x, a, p } = this;
    const B = rows.length;
    const C = this.context;
    // Forward: gather and concatenate, tanh layer, logits, softmax, loss.
    let loss = 0;
    for (let r = 0; r < B; r++) {
      const ex = rows[r];
      for (let c = 0; c < C; c++) {
        const t = contexts[ex * C + c];
        for (let d = 0; d < D; d++) x[r * I + c * D + d] = E[t * D + d];
      }
      for (let h = 0; h < H; h++) {
        let s = b1[h];
        for (let i = 0; i < I; i++) s += x[r * I + i] * W1[h * I + i];
        a[r * H + h] = Math.tanh(s);
      }
      let max = -Infinity;
      for (let v = 0; v < V; v++) {
        let s = b2[v];
        for (let h = 0; h < H; h++) s += a[r * H + h] * W2[v * H + h];
        p[r * V + v] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let v = 0; v < V; v++) sum += p[r * V + v] = Math.exp(p[r * V + v] - max);
      for (let v = 0; v < V; v++) p[r * V + v] /= sum;
      loss -= Math.log(p[r * V + targets[ex]]);
    }
    loss /= B;
    // Backward: ∂L/∂logits = (p − onehot)/B, then through the layers into the embedding rows.
    const { gE, gW1, gb1, gW2, gb2, dz, dx } = this;
    gE.fill(0);
    gW1.fill(0);
    gb1.fill(0);
    gW2.fill(0);
    gb2.fill(0);
    for (let r = 0; r < B; r++) {
      p[r * V + targets[rows[r]]] -= 1;
      for (let v = 0; v < V; v++) p[r * V + v] /= B;
    }
    for (let r = 0; r < B; r++) {
      for (let v = 0; v < V; v++) {
        const g = p[r * V + v];
        gb2[v] += g;
        for (let h = 0; h < H; h++) gW2[v * H + h] += g * a[r * H + h];
      }
      for (let h = 0; h < H; h++) {
        let s = 0;
        for (let v = 0; v < V; v++) s += p[r * V + v] * W2[v * H + h];
        const ah = a[r * H + h];
        dz[r * H + h] = s * (1 - ah * ah);
      }
      for (let i = 0; i < I; i++) dx[r * I + i] = 0;
      for (let h = 0; h < H; h++) {
        const g = dz[r * H + h];
        gb1[h] += g;
        for (let i = 0; i < I; i++) {
          gW1[h * I + i] += g * x[r * I + i];
          dx[r * I + i] += g * W1[h * I + i];
        }
      }
      for (let c = 0; c < C; c++) {
        const t = contexts[rows[r] * C + c];
        for (let d = 0; d < D; d++) gE[t * D + d] += dx[r * I + c * D + d];
      }
    }
    const update = (w: Float64Array, g: Float64Array): void => {
      for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
    };
    update(E, gE);
    update(W1, gW1);
    update(b1, gb1);
    update(W2, gW2);
    update(b2, gb2);
    return loss;
  }
}

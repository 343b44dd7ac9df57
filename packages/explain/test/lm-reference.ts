import type { ParamUpdate } from '@unha/engine';
import type { LmRecordView, LmRunView, LmStepView } from '../src/index';

/**
 * A character MLP written out in plain loops, independent of the engine: makemore's examples, an
 * embedding table, tanh hidden layers, logits, softmax and the mean cross-entropy, backpropagation
 * by hand and sgd / adam / adamw as PyTorch writes them. It yields steps in the shape the engine's
 * LmTrainer records them, so the explanation can be read against numbers computed another way.
 */
export interface TinySpec {
  words: string[];
  context: number;
  dim: number;
  hidden: number[];
  batchSize: number;
  steps: number;
  optimizer: { name: 'sgd' | 'adam' | 'adamw'; lr: number; momentum?: number; weightDecay?: number };
  seed: number;
}

/** A small LCG for the initial values (any numbers do: they are the same on both sides). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

export function tinyRun(spec: TinySpec): { run: LmRunView; steps: LmStepView[] } {
  const chars = ['.', ...[...new Set(spec.words.join(''))].sort()];
  const V = chars.length;
  const idx = new Map(chars.map((c, i) => [c, i]));
  const C = spec.context;
  const ctxs: number[] = [];
  const tgts: number[] = [];
  const wordOf: number[] = [];
  spec.words.forEach((w, wi) => {
    let ctx = Array<number>(C).fill(0);
    for (const ch of [...w, '.']) {
      const t = idx.get(ch)!;
      ctxs.push(...ctx);
      tgts.push(t);
      wordOf.push(wi);
      ctx = [...ctx.slice(1), t];
    }
  });
  const count = tgts.length;
  const rand = lcg(spec.seed);
  const D = spec.dim;
  const widths = [C * D, ...spec.hidden, V];
  const params = new Map<string, { shape: number[]; v: Float64Array }>();
  const mk = (name: string, shape: number[]): void => {
    const n = shape.reduce((a, b) => a * b, 1);
    params.set(name, { shape, v: Float64Array.from({ length: n }, () => rand()) });
  };
  mk('E', [V, D]);
  for (let l = 1; l < widths.length; l++) {
    mk(`W${l}`, [widths[l], widths[l - 1]]);
    mk(`b${l}`, [widths[l]]);
  }
  const nL = widths.length - 1;
  const state = new Map<string, { m: Float64Array; v: Float64Array; buf: Float64Array }>();
  for (const [name, p] of params)
    state.set(name, {
      m: new Float64Array(p.v.length),
      v: new Float64Array(p.v.length),
      buf: new Float64Array(p.v.length),
    });
  const B = spec.batchSize;
  const steps: LmStepView[] = [];
  for (let s = 0; s < spec.steps; s++) {
    const batch = Array.from({ length: B }, (_, r) => (s * B + r) % count);
    // Forward, example by example.
    const x = new Float64Array(B * C * D);
    const zs: Float64Array[] = [];
    const as: Float64Array[] = [x];
    batch.forEach((e, n) => {
      for (let k = 0; k < C; k++)
        for (let i = 0; i < D; i++) x[n * C * D + k * D + i] = params.get('E')!.v[ctxs[e * C + k] * D + i];
    });
    for (let l = 1; l <= nL; l++) {
      const W = params.get(`W${l}`)!.v;
      const b = params.get(`b${l}`)!.v;
      const [out, inp] = [widths[l], widths[l - 1]];
      const z = new Float64Array(B * out);
      const prev = as[l - 1];
      for (let n = 0; n < B; n++)
        for (let j = 0; j < out; j++) {
          let t = b[j];
          for (let i = 0; i < inp; i++) t += W[j * inp + i] * prev[n * inp + i];
          z[n * out + j] = t;
        }
      zs.push(z);
      as.push(l === nL ? z : z.map(Math.tanh));
    }
    const logits = as[nL];
    const probs = new Float64Array(B * V);
    let loss = 0;
    for (let n = 0; n < B; n++) {
      const row = logits.subarray(n * V, (n + 1) * V);
      const mx = Math.max(...row);
      const ex = row.map((v) => Math.exp(v - mx));
      const S = ex.reduce((a, b2) => a + b2, 0);
      for (let c = 0; c < V; c++) probs[n * V + c] = ex[c] / S;
      loss -= Math.log(probs[n * V + tgts[batch[n]]]) / B;
    }
    // Backward.
    const grads = new Map<string, Float64Array>();
    for (const [name, p] of params) grads.set(name, new Float64Array(p.v.length));
    const gA: Float64Array[] = Array.from({ length: nL + 1 }, (_, l) => new Float64Array(as[l].length));
    const gZ: Float64Array[] = [];
    const gl = new Float64Array(B * V);
    for (let n = 0; n < B; n++)
      for (let c = 0; c < V; c++) gl[n * V + c] = (probs[n * V + c] - (c === tgts[batch[n]] ? 1 : 0)) / B;
    gA[nL] = gl;
    for (let l = nL; l >= 1; l--) {
      const [out, inp] = [widths[l], widths[l - 1]];
      const gz = l === nL ? gl : gA[l].map((g, k) => g * (1 - as[l][k] ** 2));
      gZ[l - 1] = gz;
      const W = params.get(`W${l}`)!.v;
      const gW = grads.get(`W${l}`)!;
      const gb = grads.get(`b${l}`)!;
      for (let n = 0; n < B; n++)
        for (let j = 0; j < out; j++) {
          gb[j] += gz[n * out + j];
          for (let i = 0; i < inp; i++) {
            gW[j * inp + i] += gz[n * out + j] * as[l - 1][n * inp + i];
            gA[l - 1][n * inp + i] += gz[n * out + j] * W[j * inp + i];
          }
        }
    }
    const gE = grads.get('E')!;
    batch.forEach((e, n) => {
      for (let k = 0; k < C; k++)
        for (let i = 0; i < D; i++) gE[ctxs[e * C + k] * D + i] += gA[0][n * C * D + k * D + i];
    });
    const records: LmRecordView[] = [
      { role: 'embedding', layer: 0, name: 'emb', shape: [B, C * D], value: x, grad: gA[0] },
    ];
    for (let l = 1; l < nL; l++) {
      records.push({
        role: 'z',
        layer: l,
        name: `z${l}`,
        shape: [B, widths[l]],
        value: zs[l - 1],
        grad: gZ[l - 1],
      });
      records.push({ role: 'a', layer: l, name: `a${l}`, shape: [B, widths[l]], value: as[l], grad: gA[l] });
    }
    records.push({ role: 'logits', layer: nL, name: 'logits', shape: [B, V], value: logits, grad: gl });
    records.push({ role: 'probs', layer: nL, name: 'probs', shape: [B, V], value: probs, grad: null });
    records.push({
      role: 'loss',
      layer: nL,
      name: 'loss',
      shape: [],
      value: Float64Array.of(loss),
      grad: null,
    });
    // The update, as torch.optim writes it.
    const o = spec.optimizer;
    const t = s + 1;
    const updates: ParamUpdate[] = [];
    for (const [name, p] of params) {
      const g = grads.get(name)!;
      const st = state.get(name)!;
      const u: ParamUpdate = { name, shape: p.shape, before: p.v.slice(), grad: g, after: p.v };
      if (o.name === 'sgd') {
        if (o.momentum) {
          for (let k = 0; k < g.length; k++) st.buf[k] = o.momentum * st.buf[k] + g[k];
          for (let k = 0; k < g.length; k++) p.v[k] -= o.lr * st.buf[k];
          u.velocity = st.buf.slice();
        } else for (let k = 0; k < g.length; k++) p.v[k] -= o.lr * g[k];
      } else {
        const lam = o.name === 'adamw' && p.shape.length >= 2 ? (o.weightDecay ?? 0.01) : 0;
        const mHat = new Float64Array(g.length);
        const vHat = new Float64Array(g.length);
        for (let k = 0; k < g.length; k++) {
          p.v[k] -= o.lr * lam * p.v[k];
          st.m[k] = 0.9 * st.m[k] + 0.1 * g[k];
          st.v[k] = 0.999 * st.v[k] + 0.001 * g[k] * g[k];
          mHat[k] = st.m[k] / (1 - 0.9 ** t);
          vHat[k] = st.v[k] / (1 - 0.999 ** t);
          p.v[k] -= (o.lr * mHat[k]) / (Math.sqrt(vHat[k]) + 1e-8);
        }
        Object.assign(u, { t, m: st.m.slice(), v: st.v.slice(), mHat, vHat });
      }
      u.after = p.v.slice();
      updates.push(u);
    }
    steps.push({ step: t, batch, loss, lr: o.lr, records, updates });
  }
  const run: LmRunView = {
    experiment: { optimizer: spec.optimizer, batchSize: B, steps: spec.steps, batches: 'sequential' },
    data: {
      vocab: { chars },
      trainWords: spec.words,
      train: {
        count,
        context: C,
        contexts: Int32Array.from(ctxs),
        targets: Int32Array.from(tgts),
        word: Int32Array.from(wordOf),
      },
    },
    model: {
      context: C,
      layers: [
        { type: 'embedding', dim: D },
        ...spec.hidden.map((u) => ({ type: 'dense' as const, units: u, activation: 'tanh' as const })),
        { type: 'dense', units: V, activation: 'identity' },
      ],
    },
  };
  return { run, steps };
}

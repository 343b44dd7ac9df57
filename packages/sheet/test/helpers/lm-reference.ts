import type { Activation, ParamUpdate } from '@unha/engine';
import type { LmSheetRecord, LmSheetRun, LmSheetStep } from '../../src/lm/run';

/**
 * A plain float64 reading of the language-model contract (README, issue 9), written apart from the
 * engine and from the sheet, loop by loop as the formulas of a textbook: the vocabulary, makemore's
 * examples, sequential batches, the embedding lookup, dense layers, softmax, cross-entropy, their
 * gradients and sgd / momentum / adam / adamw. It lets the sheet's formulas be checked against a
 * second, independent computation (LibreOffice recomputes the sheet; this computes the same run).
 */

export interface RefExperiment {
  words: string[];
  context: number;
  train: number;
  dim: number | 'vocab';
  dense: { units: number | 'vocab'; activation: Activation }[];
  init: Record<string, number[][] | number[]>;
  optimizer: { name: 'sgd' | 'adam' | 'adamw'; lr: number; momentum?: number; weightDecay?: number };
  batchSize: number;
  steps: number;
}

const act = (a: Activation, z: number): number =>
  a === 'tanh' ? Math.tanh(z) : a === 'relu' ? Math.max(0, z) : a === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z;
const dAct = (a: Activation, z: number, y: number): number =>
  a === 'tanh' ? 1 - y * y : a === 'relu' ? (z > 0 ? 1 : 0) : a === 'sigmoid' ? y * (1 - y) : 1;

export function referenceRun(x: RefExperiment): LmSheetRun {
  const chars = ['.', ...[...new Set(x.words.join(''))].sort()];
  const V = chars.length;
  const idx = new Map(chars.map((c, i) => [c, i]));
  const nTrain = Math.round(x.train * x.words.length);
  const trainWords = x.words.slice(0, nTrain);
  const contexts: number[][] = [];
  const targets: number[] = [];
  const word: number[] = [];
  trainWords.forEach((w, wi) => {
    let ctx = Array<number>(x.context).fill(0);
    for (const ch of [...w, '.']) {
      contexts.push([...ctx]);
      targets.push(idx.get(ch)!);
      word.push(wi);
      ctx = [...ctx.slice(1), idx.get(ch)!];
    }
  });
  const D = x.dim === 'vocab' ? V : x.dim;
  const dense = x.dense.map((d) => ({ units: d.units === 'vocab' ? V : d.units, activation: d.activation }));
  const shapes = new Map<string, number[]>([['E', [V, D]]]);
  dense.forEach((d, i) => {
    shapes.set(`W${i + 1}`, [d.units, i === 0 ? x.context * D : dense[i - 1].units]);
    shapes.set(`b${i + 1}`, [d.units]);
  });
  const params = new Map<string, Float64Array>();
  for (const [name, shape] of shapes) {
    const data = Float64Array.from(x.init[name].flat());
    if (data.length !== shape.reduce((a, b) => a * b, 1))
      throw new Error(`reference: init.${name} is not ${shape.join('×')}`);
    params.set(name, data);
  }
  const initial = new Map([...params].map(([n, d]) => [n, { shape: shapes.get(n)!, data: d.slice() }]));
  const mom = new Map<string, Float64Array>();
  const m1 = new Map<string, Float64Array>();
  const m2 = new Map<string, Float64Array>();
  const n = targets.length;
  const B = x.batchSize;
  const steps: LmSheetStep[] = [];
  for (let step = 1; step <= x.steps; step++) {
    const batch = Array.from({ length: B }, (_, r) => ((step - 1) * B + r) % n);
    const E = params.get('E')!;
    const CD = x.context * D;
    const emb = new Float64Array(B * CD);
    batch.forEach((e, b) =>
      contexts[e].forEach((c, t) => {
        for (let d = 0; d < D; d++) emb[b * CD + t * D + d] = E[c * D + d];
      }),
    );
    // Forward: inputs[l] feeds layer l + 1; zs and as per dense layer.
    const ins: Float64Array[] = [emb];
    const zs: Float64Array[] = [];
    const as: Float64Array[] = [];
    dense.forEach((layer, i) => {
      const W = params.get(`W${i + 1}`)!;
      const bias = params.get(`b${i + 1}`)!;
      const fanIn = shapes.get(`W${i + 1}`)![1];
      const inp = ins[i];
      const z = new Float64Array(B * layer.units);
      const a = new Float64Array(B * layer.units);
      for (let b = 0; b < B; b++)
        for (let j = 0; j < layer.units; j++) {
          let s = 0;
          for (let k = 0; k < fanIn; k++) s += W[j * fanIn + k] * inp[b * fanIn + k];
          z[b * layer.units + j] = s + bias[j];
          a[b * layer.units + j] = act(layer.activation, z[b * layer.units + j]);
        }
      zs.push(z);
      as.push(a);
      ins.push(a);
    });
    const logits = dense.length ? as[as.length - 1] : emb;
    const probs = new Float64Array(B * V);
    let loss = 0;
    for (let b = 0; b < B; b++) {
      let max = -Infinity;
      for (let k = 0; k < V; k++) max = Math.max(max, logits[b * V + k]);
      let sum = 0;
      for (let k = 0; k < V; k++) sum += Math.exp(logits[b * V + k] - max);
      for (let k = 0; k < V; k++) probs[b * V + k] = Math.exp(logits[b * V + k] - max) / sum;
      loss -= Math.log(probs[b * V + targets[batch[b]]]);
    }
    loss /= B;
    // Backward.
    const dLogits = new Float64Array(B * V);
    for (let b = 0; b < B; b++)
      for (let k = 0; k < V; k++)
        dLogits[b * V + k] = (probs[b * V + k] - (k === targets[batch[b]] ? 1 : 0)) / B;
    const grads = new Map([...params].map(([nm, p]) => [nm, new Float64Array(p.length)]));
    const dAs: Float64Array[] = [];
    const dZs: Float64Array[] = [];
    let dOut = dLogits;
    for (let i = dense.length - 1; i >= 0; i--) {
      const layer = dense[i];
      const units = layer.units;
      const W = params.get(`W${i + 1}`)!;
      const fanIn = shapes.get(`W${i + 1}`)![1];
      const dz = new Float64Array(B * units);
      for (let q = 0; q < B * units; q++) dz[q] = dOut[q] * dAct(layer.activation, zs[i][q], as[i][q]);
      dAs[i] = dOut;
      dZs[i] = dz;
      const gW = grads.get(`W${i + 1}`)!;
      const gb = grads.get(`b${i + 1}`)!;
      const dIn = new Float64Array(B * fanIn);
      for (let b = 0; b < B; b++)
        for (let j = 0; j < units; j++) {
          const g = dz[b * units + j];
          gb[j] += g;
          for (let k = 0; k < fanIn; k++) {
            gW[j * fanIn + k] += g * ins[i][b * fanIn + k];
            dIn[b * fanIn + k] += W[j * fanIn + k] * g;
          }
        }
      dOut = dIn;
    }
    const dEmb = dOut;
    const gE = grads.get('E')!;
    batch.forEach((e, b) =>
      contexts[e].forEach((c, t) => {
        for (let d = 0; d < D; d++) gE[c * D + d] += dEmb[b * CD + t * D + d];
      }),
    );
    const records: LmSheetRecord[] = [
      { role: 'embedding', layer: 0, name: 'emb', shape: [B, CD], value: emb, grad: dEmb },
    ];
    dense.forEach((layer, i) => {
      const last = i === dense.length - 1;
      const shape = [B, layer.units];
      records.push({
        role: last ? 'logits' : 'z',
        layer: i + 1,
        name: last ? 'logits' : `z${i + 1}`,
        shape,
        value: zs[i],
        grad: dZs[i],
      });
      if (!last)
        records.push({ role: 'a', layer: i + 1, name: `a${i + 1}`, shape, value: as[i], grad: dAs[i] });
    });
    records.push({
      role: 'probs',
      layer: dense.length,
      name: 'probs',
      shape: [B, V],
      value: probs,
      grad: null,
    });
    // The update.
    const o = x.optimizer;
    const updates: ParamUpdate[] = [];
    for (const [name, p] of params) {
      const g = grads.get(name)!;
      const before = p.slice();
      const u: ParamUpdate = { name, shape: shapes.get(name)!, before, grad: g.slice(), after: p };
      if (o.name === 'sgd') {
        if ((o.momentum ?? 0) > 0) {
          const v = mom.get(name) ?? g.slice();
          if (mom.has(name)) for (let k = 0; k < v.length; k++) v[k] = o.momentum! * v[k] + g[k];
          mom.set(name, v);
          for (let k = 0; k < p.length; k++) p[k] -= o.lr * v[k];
          u.velocity = v.slice();
        } else for (let k = 0; k < p.length; k++) p[k] -= o.lr * g[k];
      } else {
        const m = m1.get(name) ?? new Float64Array(p.length);
        const v = m2.get(name) ?? new Float64Array(p.length);
        m1.set(name, m);
        m2.set(name, v);
        const mHat = new Float64Array(p.length);
        const vHat = new Float64Array(p.length);
        const decay = o.name === 'adamw' && !name.startsWith('b') ? (o.weightDecay ?? 0.01) : 0;
        for (let k = 0; k < p.length; k++) {
          p[k] *= 1 - o.lr * decay;
          m[k] = 0.9 * m[k] + 0.1 * g[k];
          v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
          mHat[k] = m[k] / (1 - 0.9 ** step);
          vHat[k] = v[k] / (1 - 0.999 ** step);
          p[k] -= (o.lr * mHat[k]) / (Math.sqrt(vHat[k]) + 1e-8);
        }
        Object.assign(u, { t: step, m: m.slice(), v: v.slice(), mHat, vHat });
      }
      u.after = p.slice();
      updates.push(u);
    }
    steps.push({ step, batch, loss, lr: o.lr, records, updates });
  }
  return {
    experiment: {
      data: { words: x.words, context: x.context, split: { train: x.train, val: 1 - x.train } },
      model: {
        layers: [
          { type: 'embedding', dim: x.dim },
          ...x.dense.map((d) => ({ type: 'dense' as const, units: d.units, activation: d.activation })),
        ],
        init: x.init,
      },
      loss: 'cross-entropy',
      optimizer: x.optimizer,
      batchSize: B,
      batches: 'sequential',
      steps: x.steps,
    },
    chars,
    context: x.context,
    dim: D,
    dense,
    trainWords,
    valWords: x.words.length - nTrain,
    contexts,
    targets,
    word,
    initial,
    steps,
  };
}

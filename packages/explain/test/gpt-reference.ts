import type { ParamUpdate } from '@unha/engine';
import type { GptRecordView, GptRunView, GptStepView } from '../src/index';
import { erf } from './evaluate';

/**
 * A tiny GPT written here with plain loops, forward and backward by hand, as a reference apart from
 * the engine: it produces steps shaped as the engine's traced GptStepTrace (the plan's record names)
 * so that the explanation can be checked before, and beside, the engine's own numbers.
 */
export interface RefSpec {
  text: string;
  layers: number;
  heads: number;
  width: number;
  block: number;
  batchSize: number;
  steps: number;
  optimizer: { name: 'adamw' | 'sgd'; lr: number; weightDecay?: number; beta1?: number; beta2?: number };
  seed: number;
}

type P = { name: string; shape: number[]; value: Float64Array };

/** A small linear congruential generator for the reference's initial parameters. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function refRun(spec: RefSpec): { run: GptRunView; steps: GptStepView[] } {
  const chars = [...new Set(spec.text)].sort();
  const V = chars.length;
  const train = Int32Array.from([...spec.text].map((c) => chars.indexOf(c)));
  const { width: C, heads: H, block: T, batchSize: B, layers } = spec;
  const rand = lcg(spec.seed);
  const params: P[] = [];
  const add = (name: string, shape: number[], f: () => number): void => {
    const n = shape.reduce((a, b) => a * b, 1);
    params.push({ name, shape, value: Float64Array.from({ length: n }, f) });
  };
  add('transformer.wte.weight', [V, C], () => rand() * 0.8);
  add('transformer.wpe.weight', [T, C], () => rand() * 0.8);
  for (let l = 0; l < layers; l++) {
    const p = `transformer.h.${l}`;
    add(`${p}.ln_1.weight`, [C], () => 1 + rand() * 0.4);
    add(`${p}.ln_1.bias`, [C], () => rand() * 0.2);
    add(`${p}.attn.c_attn.weight`, [3 * C, C], () => rand() * 0.9);
    add(`${p}.attn.c_attn.bias`, [3 * C], () => rand() * 0.2);
    add(`${p}.attn.c_proj.weight`, [C, C], () => rand() * 0.5);
    add(`${p}.attn.c_proj.bias`, [C], () => rand() * 0.2);
    add(`${p}.ln_2.weight`, [C], () => 1 + rand() * 0.4);
    add(`${p}.ln_2.bias`, [C], () => rand() * 0.2);
    add(`${p}.mlp.c_fc.weight`, [4 * C, C], () => rand() * 0.8);
    add(`${p}.mlp.c_fc.bias`, [4 * C], () => rand() * 0.2);
    add(`${p}.mlp.c_proj.weight`, [C, 4 * C], () => rand() * 0.4);
    add(`${p}.mlp.c_proj.bias`, [C], () => rand() * 0.2);
  }
  add('transformer.ln_f.weight', [C], () => 1 + rand() * 0.4);
  add('transformer.ln_f.bias', [C], () => rand() * 0.2);
  const opt = { beta1: 0.9, beta2: 0.99, weightDecay: 0.1, ...spec.optimizer };
  const run: GptRunView = {
    experiment: { optimizer: opt, batchSize: B, steps: spec.steps, model: { dropout: 0 } },
    data: { vocab: { chars }, train },
    model: { spec: { layers, heads: H, width: C, block: T } },
  };
  const moments = new Map(
    params.map((p) => [p.name, { m: new Float64Array(p.value.length), v: new Float64Array(p.value.length) }]),
  );
  const steps: GptStepView[] = [];
  const n = train.length - 1;
  for (let s = 1; s <= spec.steps; s++) {
    const starts = Array.from({ length: B }, (_, r) => (((s - 1) * B + r) * T) % (n - T));
    const st = refStep(params, starts, train, { V, C, H, T, B, layers });
    const updates: ParamUpdate[] = params.map((p) => {
      const g = st.grads.get(p.name)!;
      const before = Float64Array.from(p.value);
      const mo = moments.get(p.name)!;
      const { lr } = opt;
      const decays = p.shape.length >= 2;
      if (opt.name === 'sgd') {
        for (let k = 0; k < g.length; k++) p.value[k] -= lr * g[k];
        return { name: p.name, shape: p.shape, before, grad: g, after: Float64Array.from(p.value) };
      }
      const mHat = new Float64Array(g.length);
      const vHat = new Float64Array(g.length);
      for (let k = 0; k < g.length; k++) {
        mo.m[k] = opt.beta1 * mo.m[k] + (1 - opt.beta1) * g[k];
        mo.v[k] = opt.beta2 * mo.v[k] + (1 - opt.beta2) * g[k] ** 2;
        mHat[k] = mo.m[k] / (1 - opt.beta1 ** s);
        vHat[k] = mo.v[k] / (1 - opt.beta2 ** s);
        if (decays) p.value[k] *= 1 - lr * opt.weightDecay;
        p.value[k] -= (lr * mHat[k]) / (Math.sqrt(vHat[k]) + 1e-8);
      }
      return {
        name: p.name,
        shape: p.shape,
        before,
        grad: g,
        after: Float64Array.from(p.value),
        t: s,
        m: Float64Array.from(mo.m),
        v: Float64Array.from(mo.v),
        mHat,
        vHat,
        ...(decays && { decay: 1 - lr * opt.weightDecay }),
      };
    });
    steps.push({
      step: s,
      starts,
      loss: st.loss,
      lr: opt.lr,
      gradNorm: 0,
      clipped: false,
      records: st.records,
      updates,
    });
  }
  return { run, steps };
}

interface Dims {
  V: number;
  C: number;
  H: number;
  T: number;
  B: number;
  layers: number;
}

function refStep(params: P[], starts: number[], train: Int32Array, dm: Dims) {
  const { V, C, H, T, B, layers } = dm;
  const d = C / H;
  const W = new Map(params.map((p) => [p.name, p.value]));
  const G = new Map(params.map((p) => [p.name, new Float64Array(p.value.length)]));
  const records: GptRecordView[] = [];
  const rec = (name: string, shape: number[], grad = true): GptRecordView => {
    const n = shape.reduce((a, b) => a * b, 1);
    const r = { name, shape, value: new Float64Array(n), grad: grad ? new Float64Array(n) : null };
    records.push(r);
    return r;
  };
  const BT = B * T;
  const tok = (b: number, t: number): number => train[starts[b] + t];
  const tgt = (b: number, t: number): number => train[starts[b] + t + 1];
  // y[r, o] = Σᵢ w[o, i]·x[r, i] + bias[o], for every row r of BT.
  const linear = (
    x: Float64Array,
    w: Float64Array,
    bias: Float64Array | null,
    nin: number,
    nout: number,
  ): Float64Array => {
    const y = new Float64Array(BT * nout);
    for (let r = 0; r < BT; r++)
      for (let o = 0; o < nout; o++) {
        let s = bias ? bias[o] : 0;
        for (let i = 0; i < nin; i++) s += w[o * nin + i] * x[r * nin + i];
        y[r * nout + o] = s;
      }
    return y;
  };
  const linearBack = (
    dy: Float64Array,
    x: Float64Array,
    w: Float64Array,
    gw: Float64Array,
    gb: Float64Array | null,
    nin: number,
    nout: number,
    dx: Float64Array,
  ): void => {
    for (let r = 0; r < BT; r++)
      for (let o = 0; o < nout; o++) {
        const g = dy[r * nout + o];
        if (gb) gb[o] += g;
        for (let i = 0; i < nin; i++) {
          gw[o * nin + i] += g * x[r * nin + i];
          dx[r * nin + i] += g * w[o * nin + i];
        }
      }
  };
  const lnFwd = (name: string, x: Float64Array, w: Float64Array, bias: Float64Array) => {
    const out = rec(name, [B, T, C]);
    const mean = rec(`${name}.mean`, [B, T], false);
    const rstd = rec(`${name}.rstd`, [B, T], false);
    for (let r = 0; r < BT; r++) {
      let mu = 0;
      for (let i = 0; i < C; i++) mu += x[r * C + i];
      mu /= C;
      let v = 0;
      for (let i = 0; i < C; i++) v += (x[r * C + i] - mu) ** 2;
      const rs = 1 / Math.sqrt(v / C + 1e-5);
      mean.value[r] = mu;
      rstd.value[r] = rs;
      for (let i = 0; i < C; i++) out.value[r * C + i] = (x[r * C + i] - mu) * rs * w[i] + bias[i];
    }
    return { out, mean, rstd };
  };
  const lnBack = (
    ln: ReturnType<typeof lnFwd>,
    x: Float64Array,
    w: Float64Array,
    gw: Float64Array,
    gb: Float64Array,
    dx: Float64Array,
  ): void => {
    const dout = ln.out.grad!;
    for (let r = 0; r < BT; r++) {
      const mu = ln.mean.value[r];
      const rs = ln.rstd.value[r];
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < C; i++) {
        const nrm = (x[r * C + i] - mu) * rs;
        const dn = w[i] * dout[r * C + i];
        m1 += dn;
        m2 += dn * nrm;
        gw[i] += dout[r * C + i] * nrm;
        gb[i] += dout[r * C + i];
      }
      m1 /= C;
      m2 /= C;
      for (let i = 0; i < C; i++) {
        const nrm = (x[r * C + i] - mu) * rs;
        dx[r * C + i] += rs * (w[i] * dout[r * C + i] - m1 - nrm * m2);
      }
    }
  };
  // Forward.
  const tokR = rec('tok', [B, T, C]);
  const posR = rec('pos', [T, C]);
  const xR = rec('x', [B, T, C]);
  const wte = W.get('transformer.wte.weight')!;
  const wpe = W.get('transformer.wpe.weight')!;
  for (let t = 0; t < T; t++) for (let i = 0; i < C; i++) posR.value[t * C + i] = wpe[t * C + i];
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let i = 0; i < C; i++) {
        const r = (b * T + t) * C + i;
        tokR.value[r] = wte[tok(b, t) * C + i];
        xR.value[r] = tokR.value[r] + wpe[t * C + i];
      }
  type Block = ReturnType<typeof blockFwd>;
  const at4 = (b: number, h: number, t: number, j: number, last: number): number =>
    ((b * H + h) * T + t) * last + j;
  function blockFwd(l: number, x: GptRecordView) {
    const p = (s: string): Float64Array => W.get(`transformer.h.${l}.${s}`)!;
    const ln1 = lnFwd(`h.${l}.ln_1`, x.value, p('ln_1.weight'), p('ln_1.bias'));
    const qkv = rec(`h.${l}.attn.qkv`, [B, T, 3 * C]);
    qkv.value.set(linear(ln1.out.value, p('attn.c_attn.weight'), p('attn.c_attn.bias'), C, 3 * C));
    const q = rec(`h.${l}.attn.q`, [B, H, T, d]);
    const k = rec(`h.${l}.attn.k`, [B, H, T, d]);
    const v = rec(`h.${l}.attn.v`, [B, H, T, d]);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < T; t++)
          for (let i = 0; i < d; i++) {
            const src = (b * T + t) * 3 * C + h * d + i;
            q.value[at4(b, h, t, i, d)] = qkv.value[src];
            k.value[at4(b, h, t, i, d)] = qkv.value[src + C];
            v.value[at4(b, h, t, i, d)] = qkv.value[src + 2 * C];
          }
    const scores = rec(`h.${l}.attn.scores`, [B, H, T, T]);
    const masked = rec(`h.${l}.attn.masked`, [B, H, T, T]);
    const weights = rec(`h.${l}.attn.weights`, [B, H, T, T]);
    const y = rec(`h.${l}.attn.y`, [B, H, T, d]);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < T; t++) {
          let mx = -Infinity;
          for (let j = 0; j < T; j++) {
            let s = 0;
            for (let i = 0; i < d; i++) s += q.value[at4(b, h, t, i, d)] * k.value[at4(b, h, j, i, d)];
            s /= Math.sqrt(d);
            scores.value[at4(b, h, t, j, T)] = s;
            masked.value[at4(b, h, t, j, T)] = j > t ? -Infinity : s;
            if (j <= t) mx = Math.max(mx, s);
          }
          let S = 0;
          for (let j = 0; j <= t; j++) S += Math.exp(scores.value[at4(b, h, t, j, T)] - mx);
          for (let j = 0; j < T; j++)
            weights.value[at4(b, h, t, j, T)] =
              j > t ? 0 : Math.exp(scores.value[at4(b, h, t, j, T)] - mx) / S;
          for (let i = 0; i < d; i++) {
            let s = 0;
            for (let j = 0; j < T; j++) s += weights.value[at4(b, h, t, j, T)] * v.value[at4(b, h, j, i, d)];
            y.value[at4(b, h, t, i, d)] = s;
          }
        }
    const merged = rec(`h.${l}.attn.merged`, [B, T, C]);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < T; t++)
          for (let i = 0; i < d; i++) merged.value[(b * T + t) * C + h * d + i] = y.value[at4(b, h, t, i, d)];
    const out = rec(`h.${l}.attn.out`, [B, T, C]);
    out.value.set(linear(merged.value, p('attn.c_proj.weight'), p('attn.c_proj.bias'), C, C));
    const xa = rec(`h.${l}.x_attn`, [B, T, C]);
    for (let r = 0; r < BT * C; r++) xa.value[r] = x.value[r] + out.value[r];
    const ln2 = lnFwd(`h.${l}.ln_2`, xa.value, p('ln_2.weight'), p('ln_2.bias'));
    const fc = rec(`h.${l}.mlp.fc`, [B, T, 4 * C]);
    fc.value.set(linear(ln2.out.value, p('mlp.c_fc.weight'), p('mlp.c_fc.bias'), C, 4 * C));
    const gelu = rec(`h.${l}.mlp.gelu`, [B, T, 4 * C]);
    for (let r = 0; r < fc.value.length; r++)
      gelu.value[r] = 0.5 * fc.value[r] * (1 + erf(fc.value[r] / Math.SQRT2));
    const mo = rec(`h.${l}.mlp.out`, [B, T, C]);
    mo.value.set(linear(gelu.value, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'), 4 * C, C));
    const xo = rec(`h.${l}.x_out`, [B, T, C]);
    for (let r = 0; r < BT * C; r++) xo.value[r] = xa.value[r] + mo.value[r];
    return { l, x, ln1, qkv, q, k, v, scores, masked, weights, y, merged, out, xa, ln2, fc, gelu, mo, xo };
  }
  const blocks: Block[] = [];
  let stream = xR;
  for (let l = 0; l < layers; l++) {
    const bl = blockFwd(l, stream);
    blocks.push(bl);
    stream = bl.xo;
  }
  const lnf = lnFwd('ln_f', stream.value, W.get('transformer.ln_f.weight')!, W.get('transformer.ln_f.bias')!);
  const logits = rec('logits', [B, T, V]);
  logits.value.set(linear(lnf.out.value, wte, null, C, V));
  const probs = rec('probs', [B, T, V], false);
  let loss = 0;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const r = b * T + t;
      const z = logits.value.subarray(r * V, (r + 1) * V);
      const mx = Math.max(...z);
      const S = z.reduce((a, v) => a + Math.exp(v - mx), 0);
      for (let c = 0; c < V; c++) probs.value[r * V + c] = Math.exp(z[c] - mx) / S;
      loss += -(z[tgt(b, t)] - mx - Math.log(S));
      for (let c = 0; c < V; c++)
        logits.grad![r * V + c] = (probs.value[r * V + c] - (c === tgt(b, t) ? 1 : 0)) / BT;
    }
  loss /= BT;
  const lossR = rec('loss', [], true);
  lossR.value[0] = loss;
  lossR.grad![0] = 1;
  // Backward.
  const gw = (s: string): Float64Array => G.get(s)!;
  linearBack(logits.grad!, lnf.out.value, wte, gw('transformer.wte.weight'), null, C, V, lnf.out.grad!);
  lnBack(
    lnf,
    stream.value,
    W.get('transformer.ln_f.weight')!,
    gw('transformer.ln_f.weight'),
    gw('transformer.ln_f.bias'),
    stream.grad!,
  );
  for (const bl of [...blocks].reverse()) {
    const l = bl.l;
    const p = (s: string): Float64Array => W.get(`transformer.h.${l}.${s}`)!;
    const g = (s: string): Float64Array => gw(`transformer.h.${l}.${s}`);
    bl.mo.grad!.set(bl.xo.grad!);
    bl.xa.grad!.set(bl.xo.grad!);
    linearBack(
      bl.mo.grad!,
      bl.gelu.value,
      p('mlp.c_proj.weight'),
      g('mlp.c_proj.weight'),
      g('mlp.c_proj.bias'),
      4 * C,
      C,
      bl.gelu.grad!,
    );
    for (let r = 0; r < bl.fc.value.length; r++) {
      const z = bl.fc.value[r];
      const dgelu = 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
      bl.fc.grad![r] = bl.gelu.grad![r] * dgelu;
    }
    linearBack(
      bl.fc.grad!,
      bl.ln2.out.value,
      p('mlp.c_fc.weight'),
      g('mlp.c_fc.weight'),
      g('mlp.c_fc.bias'),
      C,
      4 * C,
      bl.ln2.out.grad!,
    );
    lnBack(bl.ln2, bl.xa.value, p('ln_2.weight'), g('ln_2.weight'), g('ln_2.bias'), bl.xa.grad!);
    bl.out.grad!.set(bl.xa.grad!);
    linearBack(
      bl.out.grad!,
      bl.merged.value,
      p('attn.c_proj.weight'),
      g('attn.c_proj.weight'),
      g('attn.c_proj.bias'),
      C,
      C,
      bl.merged.grad!,
    );
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < T; t++) {
          for (let i = 0; i < d; i++)
            bl.y.grad![at4(b, h, t, i, d)] = bl.merged.grad![(b * T + t) * C + h * d + i];
        }
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < T; t++) {
          let dot = 0;
          for (let j = 0; j < T; j++) {
            let s = 0;
            for (let i = 0; i < d; i++) {
              s += bl.y.grad![at4(b, h, t, i, d)] * bl.v.value[at4(b, h, j, i, d)];
              bl.v.grad![at4(b, h, j, i, d)] +=
                bl.weights.value[at4(b, h, t, j, T)] * bl.y.grad![at4(b, h, t, i, d)];
            }
            bl.weights.grad![at4(b, h, t, j, T)] = s;
            dot += bl.weights.value[at4(b, h, t, j, T)] * s;
          }
          for (let j = 0; j < T; j++) {
            const a = bl.weights.value[at4(b, h, t, j, T)];
            const gm = a * (bl.weights.grad![at4(b, h, t, j, T)] - dot);
            bl.masked.grad![at4(b, h, t, j, T)] = gm;
            const gs = j > t ? 0 : gm;
            bl.scores.grad![at4(b, h, t, j, T)] = gs;
            for (let i = 0; i < d; i++) {
              bl.q.grad![at4(b, h, t, i, d)] += (gs * bl.k.value[at4(b, h, j, i, d)]) / Math.sqrt(d);
              bl.k.grad![at4(b, h, j, i, d)] += (gs * bl.q.value[at4(b, h, t, i, d)]) / Math.sqrt(d);
            }
          }
        }
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < T; t++)
          for (let i = 0; i < d; i++) {
            const dst = (b * T + t) * 3 * C + h * d + i;
            bl.qkv.grad![dst] = bl.q.grad![at4(b, h, t, i, d)];
            bl.qkv.grad![dst + C] = bl.k.grad![at4(b, h, t, i, d)];
            bl.qkv.grad![dst + 2 * C] = bl.v.grad![at4(b, h, t, i, d)];
          }
    linearBack(
      bl.qkv.grad!,
      bl.ln1.out.value,
      p('attn.c_attn.weight'),
      g('attn.c_attn.weight'),
      g('attn.c_attn.bias'),
      C,
      3 * C,
      bl.ln1.out.grad!,
    );
    bl.x.grad!.set(bl.xa.grad!);
    lnBack(bl.ln1, bl.x.value, p('ln_1.weight'), g('ln_1.weight'), g('ln_1.bias'), bl.x.grad!);
  }
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let i = 0; i < C; i++) {
        const gx = xR.grad![(b * T + t) * C + i];
        tokR.grad![(b * T + t) * C + i] = gx;
        posR.grad![t * C + i] += gx;
        gw('transformer.wte.weight')[tok(b, t) * C + i] += gx;
        gw('transformer.wpe.weight')[t * C + i] += gx;
      }
  return { records, grads: G, loss };
}

import { LmTrainer, type LmExperiment, sampleWords, validateLmExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import {
  type ExplainDoc,
  explainCounts,
  explainLmStep,
  explainSample,
  formatNumber,
  lineText,
  renderText,
  toPlain,
} from '../src/index';
import { evaluate } from './evaluate';

const WORDS = ['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'amelia', 'harper'];
const valid = (raw: unknown): LmExperiment => {
  const r = validateLmExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const mlp = (optimizer: object, extra: object = {}): LmExperiment =>
  valid({
    data: { words: WORDS, context: 3, split: { train: 0.75, val: 0.25 } },
    model: {
      layers: [{ type: 'embedding', dim: 2 }, { units: 6, activation: 'tanh' }, { units: 'vocab' }],
      init: { seed: 3 },
    },
    loss: 'cross-entropy',
    optimizer,
    batchSize: 5,
    batches: 'sequential',
    steps: 4,
    ...extra,
  });

const en = { locale: 'en' as const, decimals: 12 };
const chains = (doc: ExplainDoc) => doc.sections.flatMap((s) => s.lines).filter((l) => l.chain);
function valueOf(doc: ExplainDoc, prefix: string): number {
  const line = chains(doc).find((l) => toPlain(l.chain![0], en) === prefix);
  const last = line?.chain?.at(-1);
  if (last?.k !== 'num') throw new Error(`no line ${prefix}`);
  return last.v;
}
function checkArithmetic(doc: ExplainDoc): number {
  let n = 0;
  for (const line of chains(doc)) {
    const c = line.chain!;
    if (c.length < 3) continue;
    const v = evaluate(c[c.length - 2]);
    const r = c[c.length - 1];
    if (v === undefined || r.k !== 'num') continue;
    if (Math.abs(v - r.v) > 1e-9 * Math.max(1, Math.abs(r.v)))
      throw new Error(`${lineText(line, en)} computes to ${v}`);
    n++;
  }
  return n;
}

function traced(exp: LmExperiment) {
  const t = new LmTrainer(exp, { trace: 'full' });
  const steps = [];
  for (let s = t.step(); s; s = t.step()) steps.push(s);
  return { t, steps };
}

describe("the engine's LmTrainer, explained", () => {
  for (const [name, opt, extra] of [
    ['adamw', { name: 'adamw', lr: 0.01, weightDecay: 0.1 }, {}],
    [
      'adam with coupled weight decay and a schedule',
      { name: 'adam', lr: 0.02, weightDecay: 0.05 },
      { schedule: { warmup: 1 } },
    ],
    ['sgd with momentum', { name: 'sgd', lr: 0.1, momentum: 0.9 }, {}],
  ] as const) {
    it(`${name}: softmax and −ln p recomputed from the logits, (p − onehot)/B, and every formula's arithmetic`, () => {
      const { t, steps } = traced(mlp(opt, extra));
      const V = t.data.vocab.chars.length;
      for (const locale of ['pt-BR', 'en'] as const)
        for (const s of [1, 3]) {
          const step = steps[s - 1];
          const B = step.batch.length;
          for (const example of [1, 4]) {
            const doc = explainLmStep(t, step, { locale, example, ...(s > 1 && { previous: steps[s - 2] }) });
            const logits = step.records!.find((r) => r.role === 'logits')!;
            const z = Array.from(logits.value.subarray((example - 1) * V, example * V));
            const mx = Math.max(...z);
            const e = z.map((v) => Math.exp(v - mx));
            const S = e.reduce((a, b) => a + b, 0);
            const target = t.data.train.targets[step.batch[example - 1]];
            const ch = t.data.vocab.chars[target];
            const p = e[target] / S;
            expect(valueOf(doc, `p[${ch}]`)).toBeCloseTo(p, 12);
            expect(valueOf(doc, 'S')).toBeCloseTo(S, 12);
            expect(valueOf(doc, 'ℓ')).toBeCloseTo(-Math.log(p), 12);
            expect(valueOf(doc, `∂L/∂logit[${ch}]`)).toBeCloseTo((p - 1) / B, 12);
            expect(valueOf(doc, 'L')).toBe(step.loss);
            expect(checkArithmetic(doc)).toBeGreaterThan(25);
            // With --unit every term of the unit's sums is written, so its z and logit are checked too.
            const unit = explainLmStep(t, step, {
              locale,
              example,
              unit: 2,
              ...(s > 1 && { previous: steps[s - 2] }),
            });
            expect(checkArithmetic(unit)).toBeGreaterThan(checkArithmetic(doc));
          }
        }
    });
  }

  it('logits a billion apart: p rounds to 0, the loss shown stays the finite log-softmax the engine took', () => {
    const { t, steps } = traced(mlp({ name: 'sgd', lr: 1e9 }));
    const step = steps[steps.length - 1];
    const V = t.data.vocab.chars.length;
    const logits = step.records!.find((r) => r.role === 'logits')!;
    let total = 0;
    const ell = step.batch.map((row, n) => {
      const z = Array.from(logits.value.subarray(n * V, (n + 1) * V));
      const mx = Math.max(...z);
      const l = Math.log(z.reduce((a, v) => a + Math.exp(v - mx), 0)) - (z[t.data.train.targets[row]] - mx);
      total += l;
      return l;
    });
    expect(total / step.batch.length).toBeCloseTo(step.loss, 6);
    // The case this is about: some target's probability is exactly 0 in float64.
    const probs = step.records!.find((r) => r.role === 'probs')!;
    const zeroP = step.batch.flatMap((row, n) =>
      probs.value[n * V + t.data.train.targets[row]] === 0 ? [n + 1] : [],
    );
    expect(zeroP.length).toBeGreaterThan(0);
    for (const example of zeroP.slice(0, 2)) {
      const doc = explainLmStep(t, step, { locale: 'en', example });
      expect(Number.isFinite(valueOf(doc, 'ℓ'))).toBe(true);
      expect(valueOf(doc, 'ℓ')).toBe(ell[example - 1]);
      expect(checkArithmetic(doc)).toBeGreaterThan(10);
    }
  });

  it('the coupled decay of sgd/adam is named beside the gradient that holds it', () => {
    const { t, steps } = traced(mlp({ name: 'adam', lr: 0.02, weightDecay: 0.05 }));
    const text = renderText(explainLmStep(t, steps[0], { locale: 'en' }), { locale: 'en', decimals: 4 });
    expect(text).toContain('∂L/∂W1[1,1] = Σₙ ∂L/∂z1[1]·x[1] + λ·W1[1,1] = ');
    expect(text).toContain("PyTorch's coupled weight decay");
  });

  it('the neural bigram: the row of E is the logits, and its gradient is (p − onehot)/B', () => {
    const exp = valid({
      data: { words: WORDS, context: 1, split: { train: 1, val: 0 } },
      model: { layers: [{ type: 'embedding', dim: 'vocab' }], init: { seed: 1 } },
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 1 },
      batchSize: 3,
      batches: 'sequential',
      steps: 2,
    });
    const { t, steps } = traced(exp);
    for (const locale of ['pt-BR', 'en'] as const) {
      const doc = explainLmStep(t, steps[1], { locale, example: 2, previous: steps[0] });
      expect(checkArithmetic(doc)).toBeGreaterThan(10);
      const row = steps[1].batch[1];
      const tok = t.data.train.contexts[row];
      const E = steps[1].updates!.find((u) => u.name === 'E')!;
      const V = t.data.vocab.chars.length;
      // The logits shown are row tok of E before the update.
      const logit0 = valueOf(doc, `logit[${t.data.vocab.chars[t.data.train.targets[row]]}]`);
      expect(logit0).toBe(E.before[tok * V + t.data.train.targets[row]]);
    }
  });

  it('the counting model: the count, the smoothing and P of one pair, against counts made here', () => {
    const exp = valid({
      data: { words: WORDS, context: 1, split: { train: 1, val: 0 } },
      model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
      loss: 'cross-entropy',
      steps: 0,
    });
    const t = new LmTrainer(exp);
    for (const locale of ['pt-BR', 'en'] as const) {
      // Example 2 of "emma": "e" → "m".
      const doc = explainCounts(t, { locale, example: 2 });
      let n = 0;
      let row = 0;
      for (const w of WORDS) {
        const s = `.${w}.`;
        for (let i = 0; i + 1 < s.length; i++) {
          if (s[i] === 'e') row++;
          if (s[i] === 'e' && s[i + 1] === 'm') n++;
        }
      }
      const V = t.data.vocab.chars.length;
      expect(valueOf(doc, 'N[e,m]')).toBe(n);
      expect(valueOf(doc, 'P[m|e]')).toBeCloseTo((n + 1) / (row + V), 14);
      expect(valueOf(doc, 'ℓ')).toBeCloseTo(-Math.log((n + 1) / (row + V)), 14);
      expect(checkArithmetic(doc)).toBeGreaterThan(2);
    }
  });

  it('sampling: the draw u picks the first character whose cumulative probability exceeds it', () => {
    const { t } = traced(mlp({ name: 'adamw', lr: 0.05 }));
    const samples = sampleWords(t.model, { count: 3, temperature: 0.8, topK: 4, seed: 1 });
    for (const locale of ['pt-BR', 'en'] as const) {
      const doc = explainSample(t.data.vocab.chars, samples, { locale, temperature: 0.8, topK: 4 });
      expect(doc.sections.length).toBe(3);
      expect(checkArithmetic(doc)).toBeGreaterThan(5);
      const text = renderText(doc, { locale, decimals: 4 });
      const f = (v: number): string => formatNumber(v, { locale, decimals: 4 });
      for (const s of samples)
        for (const st of s.steps) {
          // Recomputed here: logits/T, softmax over the 4 largest, the running sum, the first above u.
          const scaled = Array.from(st.logits, (z) => z / 0.8);
          const kept = [...scaled.keys()].sort((a, b) => scaled[b] - scaled[a] || a - b).slice(0, 4);
          const mx = Math.max(...kept.map((i) => scaled[i]));
          const ex = kept.map((i) => Math.exp(scaled[i] - mx));
          const sum = ex.reduce((a, b) => a + b, 0);
          let acc = 0;
          let choice = -1;
          for (const i of [...kept].sort((a, b) => a - b)) {
            acc += ex[kept.indexOf(i)] / sum;
            if (choice < 0 && acc > st.u) choice = i;
          }
          expect(st.choice).toBe(choice);
          const c = t.data.vocab.chars[choice];
          expect(text).toContain(`u = ${f(st.u)} < F[${c}] = ${f(st.cdf[choice])}`);
        }
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  type ExplainDoc,
  type ExplainLine,
  type LmStepView,
  explainLmStep,
  formatNumber,
  lineText,
  renderText,
  toPlain,
} from '../src/index';
import { evaluate } from './evaluate';
import { type TinySpec, tinyRun } from './lm-reference';

const WORDS = ['emma', 'olivia', 'ava', 'isabella', 'sophia'];
const base: TinySpec = {
  words: WORDS,
  context: 3,
  dim: 2,
  hidden: [5],
  batchSize: 4,
  steps: 3,
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  seed: 7,
};

const lines = (doc: ExplainDoc): ExplainLine[] => doc.sections.flatMap((s) => s.lines);
const en = { locale: 'en' as const, decimals: 12 };
/** The value (last link) of the first line whose plain text starts with `prefix`. */
function valueOf(doc: ExplainDoc, prefix: string): number {
  const line = lines(doc).find((l) => l.chain && toPlain(l.chain[0], en) === prefix);
  if (!line?.chain) throw new Error(`no line ${prefix}`);
  const last = line.chain[line.chain.length - 1];
  if (last.k !== 'num') throw new Error(`${prefix} does not end in a number`);
  return last.v;
}

/** Softmax of one row, computed here from the logits (the independent reference). */
function softmax(z: ArrayLike<number>): number[] {
  const mx = Math.max(...Array.from(z));
  const e = Array.from(z, (v) => Math.exp(v - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function record(step: LmStepView, role: string, n: number): { value: number[]; grad: number[] | undefined } {
  const r = step.records!.find((x) => x.role === role)!;
  const w = r.shape[1];
  return {
    value: Array.from(r.value.subarray(n * w, (n + 1) * w)),
    grad: r.grad ? Array.from(r.grad.subarray(n * w, (n + 1) * w)) : undefined,
  };
}

/** Every chain whose numbers-put-in link is all numbers computes to its result (1e-9 relative). */
function checkArithmetic(doc: ExplainDoc): number {
  let checked = 0;
  for (const line of lines(doc)) {
    if (!line.chain || line.chain.length < 3) continue;
    const result = line.chain[line.chain.length - 1];
    const v = evaluate(line.chain[line.chain.length - 2]);
    if (v === undefined || result.k !== 'num') continue;
    if (Math.abs(v - result.v) > 1e-9 * Math.max(1, Math.abs(result.v)))
      throw new Error(`${lineText(line, en)} computes to ${v}`);
    checked++;
  }
  return checked;
}

describe('the hand calculation of a language-model step, against a reference computed apart', () => {
  const { run, steps } = tinyRun(base);
  const B = base.batchSize;
  const V = run.data.vocab.chars.length;
  for (const locale of ['pt-BR', 'en'] as const) {
    for (const example of [1, 2, 3, 4]) {
      it(`${locale}, step 2, example ${example}: softmax, loss, p − onehot`, () => {
        const step = steps[1];
        const doc = explainLmStep(run, step, { locale, example, previous: steps[0] });
        const n = example - 1;
        const row = step.batch[n];
        const target = run.data.train.targets[row];
        const t = run.data.vocab.chars[target];
        const logits = record(step, 'logits', n);
        const p = softmax(logits.value);
        // The p shown for the target, the loss −ln p and ln V, recomputed from the logits here.
        expect(valueOf(doc, `p[${t}]`)).toBeCloseTo(p[target], 12);
        expect(valueOf(doc, 'ℓ')).toBeCloseTo(-Math.log(p[target]), 12);
        expect(valueOf(doc, `ln(${V})`)).toBeCloseTo(Math.log(V), 14);
        // ∂L/∂logit = (p − onehot)/B, the target's apart.
        expect(valueOf(doc, `∂L/∂logit[${t}]`)).toBeCloseTo((p[target] - 1) / B, 12);
        const other = target === 0 ? 1 : 0;
        expect(valueOf(doc, `∂L/∂logit[${run.data.vocab.chars[other]}]`)).toBeCloseTo(p[other] / B, 12);
        // The printed text carries the same numbers in the reader's writing.
        const text = renderText(doc, { locale, decimals: 4 });
        const f = (v: number): string => formatNumber(v, { locale, decimals: 4 });
        // ℓ = −ln p = ln S − (z[t] − max): the log-softmax form, with S and max recomputed here.
        const mx = Math.max(...logits.value);
        const S = logits.value.reduce((a, v) => a + Math.exp(v - mx), 0);
        expect(text).toContain(
          `ℓ = −ln(p[${t}]) = −ln(${f(p[target])}) = ln(${f(S)}) − (${f(logits.value[target])} − ${f(mx)}) = ${f(-Math.log(p[target]))}`,
        );
        expect(text).toContain(`(${f(p[target])} − 1)/${B} = ${f((p[target] - 1) / B)}`);
        expect(checkArithmetic(doc)).toBeGreaterThan(20);
      });
    }
  }

  it('the context, its indices and the embedding rows are the ones the example looked up', () => {
    const step = steps[0];
    const doc = explainLmStep(run, step, { locale: 'en', example: 3 });
    const row = step.batch[2];
    const C = base.context;
    const ctx = Array.from(run.data.train.contexts.subarray(row * C, row * C + C));
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    const chars = run.data.vocab.chars;
    expect(text).toContain(`context "${ctx.map((c) => chars[c]).join('')}" = indices ${ctx.join(', ')}`);
    // Each row shown is the table's row before the update (the E the step read).
    const E = step.updates!.find((u) => u.name === 'E')!;
    for (const tok of ctx) {
      const rowText = `E[${tok}] = [${[0, 1].map((i) => formatNumber(E.before[tok * 2 + i], { locale: 'en', decimals: 4 })).join(', ')}]`;
      expect(text).toContain(rowText);
    }
  });

  it('a row used twice in a context gets both contributions, as a sum', () => {
    // Example 1 of step 1: the context "..." uses row 0 three times.
    const step = steps[0];
    const doc = explainLmStep(run, step, { locale: 'pt-BR', example: 1 });
    const g = record(step, 'embedding', 0).grad!;
    const D = base.dim;
    for (let i = 0; i < D; i++) {
      const expected = g[i] + g[D + i] + g[2 * D + i];
      const name = `∂L/∂x[${i + 1}] + ∂L/∂x[${D + i + 1}] + ∂L/∂x[${2 * D + i + 1}]`;
      expect(valueOf(doc, name)).toBeCloseTo(expected, 14);
    }
    expect(renderText(doc, { locale: 'pt-BR', decimals: 4 })).toContain(
      '"." (linha 0) aparece 3 vezes neste contexto',
    );
    // The step's gradient of row 0 is the sum over every place the batch used it (recomputed here).
    const E = step.updates!.find((u) => u.name === 'E')!;
    const total = Array.from({ length: D }, () => 0);
    step.batch.forEach((r, n) => {
      const gn = record(step, 'embedding', n).grad!;
      for (let k = 0; k < base.context; k++)
        if (run.data.train.contexts[r * base.context + k] === 0)
          for (let i = 0; i < D; i++) total[i] += gn[k * D + i];
    });
    total.forEach((v, i) => expect(E.grad[i]).toBeCloseTo(v, 14));
    expect(renderText(doc, { locale: 'pt-BR', decimals: 4 })).toContain(
      `∂L/∂E[0] = [${total.map((v) => formatNumber(v, { locale: 'pt-BR', decimals: 4 })).join('; ')}]`,
    );
  });

  it('--unit writes one unit in full: every term of its weighted sum, and the sum is z', () => {
    const step = steps[2];
    const doc = explainLmStep(run, step, { locale: 'en', example: 2, unit: 3, previous: steps[1] });
    const line = lines(doc).find((l) => l.chain && toPlain(l.chain[0], en) === 'z1[3]')!;
    const numeric = line.chain![2];
    expect(numeric.k === 'op' && numeric.args.length).toBe(base.context * base.dim + 1);
    // z1[3] = Σ W1[3,i]·x[i] + b1[3], recomputed here from W1 before the update and the looked-up x.
    const W1 = step.updates!.find((u) => u.name === 'W1')!;
    const b1 = step.updates!.find((u) => u.name === 'b1')!;
    const x = record(step, 'embedding', 1).value;
    const z = x.reduce((s, xi, i) => s + W1.before[2 * x.length + i] * xi, b1.before[2]);
    expect(valueOf(doc, 'z1[3]')).toBeCloseTo(z, 13);
    expect(valueOf(doc, 'a1[3]')).toBeCloseTo(Math.tanh(z), 13);
    // Without --unit the sum is cut and the document says it left something out.
    const short = explainLmStep(run, step, { locale: 'en', example: 2, previous: steps[1] });
    expect(short.partial).toBe(true);
    expect(renderText(short, { locale: 'en', decimals: 4 })).toMatch(/… 3 more \+ /);
  });

  it('the AdamW update shows the decay term on weights and tables, never on biases', () => {
    const step = steps[1];
    const doc = explainLmStep(run, step, { locale: 'en', example: 1, previous: steps[0] });
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    expect(text).toContain('W1[1,1] ← W1[1,1] − LR·λ·W1[1,1] − LR·m̂/(√(v̂) + ε) = ');
    expect(text).toMatch(/E\[(\d+),1\] ← E\[\1,1\] − LR·λ·E\[\1,1\] − LR·m̂\/\(√\(v̂\) \+ ε\) = /);
    expect(text).toContain('b1[1] ← b1[1] − LR·m̂/(√(v̂) + ε) = ');
    // PyTorch's AdamW, recomputed here: p(1 − lr·λ) − lr·m̂/(√v̂ + ε) with m, v from two steps of grads.
    const W1a = steps[0].updates!.find((u) => u.name === 'W1')!;
    const W1b = step.updates!.find((u) => u.name === 'W1')!;
    const m = 0.9 * (0.1 * W1a.grad[0]) + 0.1 * W1b.grad[0];
    const v = 0.999 * (0.001 * W1a.grad[0] ** 2) + 0.001 * W1b.grad[0] ** 2;
    const after =
      W1b.before[0] * (1 - 0.01 * 0.1) - (0.01 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(valueOf(doc, 'W1[1,1]')).toBeCloseTo(after, 12);
    expect(checkArithmetic(doc)).toBeGreaterThan(20);
  });

  const variants: [string, Partial<TinySpec>][] = [
    ['adam, two hidden layers', { optimizer: { name: 'adam', lr: 0.05 }, hidden: [4, 3] }],
    [
      'sgd with momentum, no hidden layer',
      { optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 }, hidden: [] },
    ],
    ['plain sgd, a batch of one', { optimizer: { name: 'sgd', lr: 0.5 }, batchSize: 1, context: 2, dim: 3 }],
  ];
  for (const [name, change] of variants) {
    it(`${name}: every formula's numbers compute to the engine's result, in both languages`, () => {
      const r = tinyRun({ ...base, ...change });
      for (const locale of ['pt-BR', 'en'] as const)
        for (const s of [1, 2, 3]) {
          const doc = explainLmStep(r.run, r.steps[s - 1], {
            locale,
            example: 1,
            ...(s > 1 && { previous: r.steps[s - 2] }),
          });
          expect(checkArithmetic(doc)).toBeGreaterThan(15);
          const all = explainLmStep(r.run, r.steps[s - 1], {
            locale,
            unit: 1,
            ...(s > 1 && { previous: r.steps[s - 2] }),
          });
          expect(checkArithmetic(all)).toBeGreaterThan(15);
        }
    });
  }

  it('a step run without its record says so in words', () => {
    const bare: LmStepView = { ...steps[0], records: undefined };
    expect(() => explainLmStep(run, bare, { locale: 'pt-BR' })).toThrow(/registro completo/);
  });
});

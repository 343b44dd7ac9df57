import { type GptExperiment, GptTrainer, type GptStepTrace, validateGptExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { explainGptStep, renderText } from '../src/index';
import { checkArithmetic, checkPrinted, valueOf } from './gpt-check';

const TEXT = 'the cat sat on the mat.\nthe dog sat on the log.\nçà!';

function exp(extra: Record<string, unknown> = {}): GptExperiment {
  const r = validateGptExperiment({
    data: { text: TEXT },
    model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 6, init: { seed: 5 } },
    loss: 'cross-entropy',
    optimizer: { name: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
    batchSize: 3,
    steps: 4,
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Trains to step S keeping the records of S and of the step before (its moments). */
function traced(e: GptExperiment, S: number): { t: GptTrainer; st: GptStepTrace; prev?: GptStepTrace } {
  const t = new GptTrainer(e, { trace: (s) => s >= S - 1 });
  let prev: GptStepTrace | undefined;
  for (;;) {
    const st = t.step();
    if (!st) throw new Error(`no step ${S}`);
    if (st.step === S) return { t, st, prev };
    prev = st;
  }
}

describe("the engine's GptTrainer, explained by hand", () => {
  const cases: [string, Record<string, unknown>][] = [
    ['adamw, sequential windows', { batches: 'sequential' }],
    // β2 and λ left out: the update must use the engine's defaults, not the contract example's values.
    ["adamw with the engine's defaults", { optimizer: { name: 'adamw', lr: 0.01 } }],
    [
      'adamw, random windows, a schedule',
      { batches: 'random', schedule: { warmup: 2, decaySteps: 4, minLr: 0.001 } },
    ],
  ];
  for (const [name, extra] of cases)
    for (const locale of ['pt-BR', 'en'] as const)
      it(`${name} (${locale}): every equation checks against the engine's records, text and doc`, () => {
        const { t, st, prev } = traced(exp(extra), 3);
        const T = t.experiment.model.block;
        for (const ch of [
          { row: 0, pos: 4, layer: 0, head: 1 },
          { row: 2, pos: T - 1, layer: 1, head: 0, entry: 5 },
          { row: 1, pos: 0, layer: 1, head: 1 },
        ]) {
          const doc = explainGptStep(t, st, { locale, ...ch, ...(prev && { previous: prev }) });
          const names = checkArithmetic(doc);
          const P = ch.pos;
          for (const n of [`a[${P},0]`, `∂L/∂s[${P},0]`, `∂L/∂q[${P},0]`, `∂L/∂k[${P},0]`, `∂L/∂v[${P},0]`])
            expect(names, n).toContain(n);
          for (const n of [
            'dx_lnf₀',
            'dx_ln2₀',
            'dx_ln1₀',
            '∂L/∂x_in₀',
            'gelu₀',
            '∂L/∂fc₀',
            'rstd',
            'm',
            'v̂',
          ])
            expect(names, n).toContain(n);
          expect(names.length).toBeGreaterThan(80);
          // The tied table: the head's and the embedding's parts add up to the engine's step gradient.
          const tok = t.data.train[st.starts[ch.row] + P];
          const k = ch.entry ?? 0;
          const wte = st.updates!.find((u) => u.name === 'transformer.wte.weight')!;
          expect(names).toContain(`∂L/∂wte[${tok},${k}]`);
          expect(valueOf(doc, `∂L/∂wte[${tok},${k}]`)).toBe(wte.grad[tok * 8 + k]);
          expect(checkPrinted(renderText(doc, { locale, decimals: 12 }), locale)).toBeGreaterThan(80);
        }
      });

  it('dropout: the lines that read a masked value keep only formula and result; every other line still checks', () => {
    const e = exp({
      model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 6, init: { seed: 5 }, dropout: 0.2 },
    });
    const { t, st, prev } = traced(e, 2);
    for (const locale of ['en', 'pt-BR'] as const) {
      const doc = explainGptStep(t, st, { locale, row: 0, pos: 3, layer: 1, head: 0, previous: prev! });
      const names = checkArithmetic(doc);
      for (const n of [
        'a[3,0]',
        '∂L/∂s[3,0]',
        '∂L/∂q[3,0]',
        '∂L/∂k[3,0]',
        'dx_ln1₀',
        '∂L/∂x_in₀',
        'gelu₀',
        'm',
      ])
        expect(names, n).toContain(n);
      // The masked ones: x = wte + wpe, y = Σ a·v, ∂L/∂v are shown without numbers.
      for (const n of ['x₀', 'y[3,0]', '∂L/∂v[3,0]']) expect(names, n).not.toContain(n);
      const tok = t.data.train[st.starts[0] + 3];
      const wte = st.updates!.find((u) => u.name === 'transformer.wte.weight')!;
      expect(valueOf(doc, `∂L/∂wte[${tok},0]`)).toBe(wte.grad[tok * 8]);
      expect(checkPrinted(renderText(doc, { locale, decimals: 12 }), locale)).toBeGreaterThan(60);
      expect(renderText(doc, { locale, decimals: 4 })).toContain(
        locale === 'en' ? 'dropout 0.2 is on' : 'o dropout 0,2 está ligado',
      );
    }
  });

  it('sgd with coupled weight decay and a clipped step: the update reads the clipped gradient, and says so', () => {
    const e = exp({ optimizer: { name: 'sgd', lr: 0.1, weightDecay: 0.05 }, clip: 0.01 });
    const { t, st } = traced(e, 2);
    expect(st.clipped).toBe(true);
    const doc = explainGptStep(t, st, {
      locale: 'en',
      row: 1,
      pos: 3,
      param: 'transformer.h.0.mlp.c_fc.weight',
      index: 9,
    });
    const names = checkArithmetic(doc);
    expect(names).toContain('h.0.mlp.c_fc.weight[1,1]');
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    expect(text).toContain('is over clip = 0.01');
    expect(text).toContain("PyTorch's coupled weight decay");
    // coef = clip/(‖g‖ + 1e-6), recomputed here from the step's norm.
    expect(valueOf(doc, 'coef')).toBe(0.01 / (st.gradNorm + 1e-6));
    expect(checkPrinted(renderText(doc, { locale: 'en', decimals: 12 }), 'en')).toBeGreaterThan(80);
  });
});

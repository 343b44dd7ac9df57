import { describe, expect, it } from 'vitest';
import {
  type GptStepView,
  GptExplainParamError,
  GptExplainRangeError,
  docToJson,
  explainGptStep,
  renderText,
} from '../src/index';
import { checkArithmetic, checkPrinted, valueOf } from './gpt-check';
import { type RefSpec, refRun } from './gpt-reference';

const spec: RefSpec = {
  text: 'the cat sat on the mat; a dog ran far.\nthe end\n',
  layers: 2,
  heads: 2,
  width: 8,
  block: 5,
  batchSize: 2,
  steps: 2,
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  seed: 5,
};
function rec(step: GptStepView, name: string) {
  const r = step.records!.find((x) => x.name === name);
  if (!r) throw new Error(`no record ${name}`);
  return r;
}

describe('the hand calculation of a GPT step, against a reference GPT written apart', () => {
  const { run, steps } = refRun(spec);
  const { block: T, width: C, heads: H } = spec;
  const d = C / H;
  const step = steps[1];
  const choices = [
    { row: 0, pos: 3, layer: 0, head: 1 },
    { row: 1, pos: 0, layer: 1, head: 0 },
    { row: 1, pos: T - 1, layer: 1, head: 1 },
  ];
  for (const locale of ['pt-BR', 'en'] as const)
    for (const ch of choices)
      it(`${locale}, row ${ch.row} pos ${ch.pos} block ${ch.layer} head ${ch.head}: every printed equation checks`, () => {
        const doc = explainGptStep(run, step, { locale, ...ch, previous: steps[0] });
        const names = checkArithmetic(doc);
        const { row: R, pos: P, layer: l, head: h } = ch;
        // The lines the issue lists are among those checked.
        const must = [
          'x₀',
          'μ',
          'rstd',
          `s[${P},0]`,
          `e₀`,
          `a[${P},0]`,
          `y[${P},0]`,
          'x_attn₀',
          'gelu₀',
          'x_out₀',
          `∂L/∂a[${P},0]`,
          `∂L/∂s[${P},0]`,
          `∂L/∂q[${P},0]`,
          `∂L/∂k[${P},0]`,
          `∂L/∂v[${P},0]`,
          'dx_lnf₀',
          'dx_ln2₀',
          'dx_ln1₀',
          '∂L/∂x_attn₀',
          '∂L/∂x_in₀',
          '∂L/∂fc₀',
          'm',
          'v̂',
        ];
        for (const n of must) expect(names, n).toContain(n);
        expect(names.length).toBeGreaterThan(80);
        // The results are the engine's numbers at the chosen indices (record layout [B,H,T,…]).
        const at4 = (name: string, j: number, last: number, which: 'value' | 'grad' = 'value') =>
          rec(step, name)[which]![((R * H + h) * T + P) * last + j];
        expect(valueOf(doc, `a[${P},0]`)).toBe(at4(`h.${l}.attn.weights`, 0, T));
        expect(valueOf(doc, `∂L/∂s[${P},0]`)).toBe(at4(`h.${l}.attn.scores`, 0, T, 'grad'));
        expect(valueOf(doc, `∂L/∂q[${P},0]`)).toBe(at4(`h.${l}.attn.q`, 0, d, 'grad'));
        expect(valueOf(doc, `∂L/∂k[${P},0]`)).toBe(at4(`h.${l}.attn.k`, 0, d, 'grad'));
        expect(valueOf(doc, `∂L/∂v[${P},0]`)).toBe(at4(`h.${l}.attn.v`, 0, d, 'grad'));
        // −ln p of the target, computed here from the logits.
        const V = run.data.vocab.chars.length;
        const z = Array.from(rec(step, 'logits').value.subarray((R * T + P) * V, (R * T + P + 1) * V));
        const y = run.data.train[step.starts[R] + P + 1];
        const mx = Math.max(...z);
        const lse = mx + Math.log(z.reduce((a, v) => a + Math.exp(v - mx), 0));
        expect(Math.abs(valueOf(doc, 'ℓ') - (lse - z[y]))).toBeLessThan(1e-12);
        expect(valueOf(doc, 'L')).toBe(step.loss);
        // Masked cells: the score −∞, the weight 0 and the gradient 0.
        if (P < T - 1) {
          expect(valueOf(doc, `a[${P},${P + 1}]`)).toBe(0);
          expect(valueOf(doc, `∂L/∂s[${P},${P + 1}]`)).toBe(0);
        }
        // The printed text, read back by a parser of its own, checks too.
        const text = renderText(doc, { locale, decimals: 12 });
        expect(checkPrinted(text, locale)).toBeGreaterThan(80);
        // The JSON form carries each result at full precision.
        const json = docToJson(doc, { locale, decimals: 4 }) as {
          kind: string;
          row: number;
          pos: number;
          sections: { lines: { plain?: string; value?: number }[] }[];
        };
        expect([json.kind, json.row, json.pos]).toEqual(['gpt', R, P]);
        const jl = json.sections.flatMap((s) => s.lines).find((x) => x.plain?.startsWith(`∂L/∂q[${P},0] =`));
        expect(jl?.value).toBe(at4(`h.${l}.attn.q`, 0, d, 'grad'));
      });

  it('the tied table gets both contributions: the head and the embedding add up to the step gradient of wte', () => {
    const doc = explainGptStep(run, step, { locale: 'en', row: 0, pos: 2, entry: 3, previous: steps[0] });
    const t = run.data.train[step.starts[0] + 2];
    const wte = step.updates!.find((u) => u.name === 'transformer.wte.weight')!;
    const name = `∂L/∂wte[${t},3]`;
    expect(checkArithmetic(doc)).toContain(name);
    expect(valueOf(doc, name)).toBe(wte.grad[t * C + 3]);
    // Both parts, recomputed here from the records: the head's Σ ∂L/∂logit[t]·lnf and the embedding's Σ ∂L/∂x.
    const V = run.data.vocab.chars.length;
    const gl = rec(step, 'logits').grad!;
    const lnf = rec(step, 'ln_f').value;
    const gx = rec(step, 'x').grad!;
    let head = 0;
    let emb = 0;
    for (let b = 0; b < spec.batchSize; b++)
      for (let p = 0; p < T; p++) {
        const r = b * T + p;
        head += gl[r * V + t] * lnf[r * C + 3];
        if (run.data.train[step.starts[b] + p] === t) emb += gx[r * C + 3];
      }
    expect(Math.abs(valueOf(doc, 'head') - head)).toBeLessThan(1e-15);
    expect(Math.abs(valueOf(doc, 'emb') - emb)).toBeLessThan(1e-15);
    expect(head).not.toBe(0);
    expect(emb).not.toBe(0);
  });

  it('--param and --index pick the entry whose AdamW update is written out, with its decay', () => {
    const name = 'transformer.h.1.attn.c_attn.weight';
    const doc = explainGptStep(run, step, { locale: 'en', param: name, index: 13, previous: steps[0] });
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    const short = 'h.1.attn.c_attn.weight[1,5]';
    expect(text).toContain(`${short} ← ${short} − LR·λ·${short} − LR·m̂/(√(v̂) + ε) = `);
    const u = step.updates!.find((x) => x.name === name)!;
    const u0 = steps[0].updates!.find((x) => x.name === name)!;
    // PyTorch's AdamW recomputed here from the two steps' gradients.
    const m = 0.9 * (0.1 * u0.grad[13]) + 0.1 * u.grad[13];
    const v = 0.99 * (0.01 * u0.grad[13] ** 2) + 0.01 * u.grad[13] ** 2;
    const after =
      u.before[13] * (1 - 0.01 * 0.1) - (0.01 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.99 ** 2)) + 1e-8);
    expect(Math.abs(valueOf(doc, short) - after)).toBeLessThan(1e-15);
    // A bias does not decay.
    const bias = explainGptStep(run, step, {
      locale: 'en',
      param: 'transformer.ln_f.bias',
      index: 2,
      previous: steps[0],
    });
    expect(renderText(bias, { locale: 'en', decimals: 4 })).toContain(
      'ln_f.bias₂ ← ln_f.bias₂ − LR·m̂/(√(v̂) + ε) = ',
    );
  });

  it('a choice outside the step is a range error naming the option and its range; an unknown parameter, its name', () => {
    const bad = (o: object): unknown => {
      try {
        explainGptStep(run, step, { locale: 'en', ...o });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const [o, option, max] of [
      [{ pos: T }, 'pos', T - 1],
      [{ head: H }, 'head', H - 1],
      [{ layer: 2 }, 'layer', 1],
      [{ row: 2 }, 'row', 1],
      [{ param: 'transformer.wte.weight', index: 10 ** 6 }, 'index', run.data.vocab.chars.length * C - 1],
    ] as const) {
      const e = bad(o);
      expect(e).toBeInstanceOf(GptExplainRangeError);
      expect([(e as GptExplainRangeError).option, (e as GptExplainRangeError).max]).toEqual([option, max]);
    }
    expect(bad({ param: 'lm_head.bias' })).toBeInstanceOf(GptExplainParamError);
  });
});

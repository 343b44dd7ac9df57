import { readFileSync } from 'node:fs';
import { GptTrainer, validateGptExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { type GptRecordView, explainGptStep, renderText } from '../src/index';
import { checkArithmetic, checkPrinted, valueOf } from './gpt-check';

/**
 * The hand calculation read on PyTorch's own numbers: the step's records replaced by those of the
 * fixture written by torch (engine/test/fixtures/gpt/make_gpt_fixtures.py, which never runs our
 * engine), every printed formula must still compute to torch's value: the formulas are PyTorch's.
 */
const dir = new URL('../../engine/test/fixtures/gpt/', import.meta.url);
const raw = JSON.parse(readFileSync(new URL('experiments/records.json', dir), 'utf8')) as unknown;
const torch = JSON.parse(readFileSync(new URL('records.expected.json', dir), 'utf8')) as {
  records: Record<string, { shape: number[]; value: (number | null)[]; grad: number[] | null }>;
};

describe("a GPT step by hand, on PyTorch's records", () => {
  const r = validateGptExperiment(raw);
  if (!r.ok) throw new Error('bad fixture experiment');
  const t = new GptTrainer(r.value, { trace: (s) => s === 1 });
  const st = t.step()!;
  const records: GptRecordView[] = Object.entries(torch.records).map(([name, e]) => ({
    name,
    shape: e.shape,
    // The fixture writes the masked −∞ as null.
    value: Float64Array.from(e.value, (v) => (v === null ? -Infinity : v)),
    grad: e.grad === null ? null : Float64Array.from(e.grad),
  }));
  const step = { ...st, records };
  const { block: T, heads: H } = r.value.model;
  for (const locale of ['en', 'pt-BR'] as const)
    for (let pos = 0; pos < T; pos++)
      for (let head = 0; head < H; head++)
        it(`${locale}, row 1, position ${pos}, head ${head}: every equation computes to torch's value`, () => {
          const doc = explainGptStep(t, step, { locale, row: 1, pos, head });
          const names = checkArithmetic(doc);
          for (const n of [
            `a[${pos},0]`,
            `∂L/∂s[${pos},0]`,
            `∂L/∂q[${pos},0]`,
            `∂L/∂k[${pos},0]`,
            `∂L/∂v[${pos},0]`,
          ])
            expect(names, n).toContain(n);
          for (const n of [
            'rstd',
            'dx_lnf₀',
            'dx_ln2₀',
            'dx_ln1₀',
            '∂L/∂x_in₀',
            'gelu₀',
            '∂L/∂fc₀',
            'ℓ',
            'L',
          ])
            expect(names, n).toContain(n);
          // The results are torch's: q's gradient at [1, head, pos, 0] of [B, H, T, d].
          const q = torch.records['h.0.attn.q'];
          const d = q.shape[3];
          expect(valueOf(doc, `∂L/∂q[${pos},0]`)).toBe(q.grad![((1 * H + head) * T + pos) * d]);
          expect(checkPrinted(renderText(doc, { locale, decimals: 12 }), locale)).toBeGreaterThan(60);
        });
});

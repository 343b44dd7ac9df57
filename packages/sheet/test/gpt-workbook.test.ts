import { GptTrainer } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { buildGptWorkbook, gptRunForSheet } from '../src/index';
import { shortName } from '../src/gpt/run';
import { gptAdamCoupled, gptAdamw, gptSgdTwoHeads, gptTinyLesson } from './helpers/gpt-cases';
import { tensorClose } from './helpers/gpt-compare';
import { namedValues, readXlsx } from './helpers/read-xlsx';

/**
 * The cached values the workbook carries are computed beside each formula (plain float64, not the
 * engine); they must equal the engine's run: every step's loss and every parameter after every step.
 */
describe('the GPT workbook', () => {
  for (const [name, exp] of [
    ['adamw, 1 layer, 1 head', gptAdamw],
    ['sgd, 2 heads, random batches', gptSgdTwoHeads],
    ['adam with coupled decay, 2 layers', gptAdamCoupled],
  ] as const)
    it(`${name}: its cached numbers are the engine's (1e-9)`, () => {
      const run = gptRunForSheet(exp);
      const book = buildGptWorkbook(run);
      const read = readXlsx(book.wb.toXlsx());
      for (const s of run.steps) {
        const loss = namedValues(read, `step${s.step}_loss`)[0] as number;
        expect(Math.abs(loss - s.loss) / s.loss, `loss ${s.step}`).toBeLessThan(1e-9);
        for (const [p, after] of s.after!) {
          const got = namedValues(read, `after${s.step}_${shortName(p)}`) as number[];
          expect(tensorClose(got, after), `${p} after step ${s.step}`).toBeNull();
        }
      }
      // The engine's own recorded attention weights: the causal mask's zeros are exact.
      const t = new GptTrainer(exp, { trace: 'full' });
      const rec = t.step()!.records!.find((r) => r.name === 'h.0.attn.weights')!;
      expect(rec.value[1]).toBe(0);
    });

  it("gpt-tiny: the sheet's first loss is the lesson's published 2.5074, near ln 12 (the uniform guess)", () => {
    const run = gptRunForSheet(gptTinyLesson, { steps: 1 });
    const read = readXlsx(buildGptWorkbook(run).wb.toXlsx());
    const loss = namedValues(read, 'step1_loss')[0] as number;
    expect(loss.toFixed(4)).toBe('2.5074');
    expect(run.chars.length).toBe(12);
  });
});

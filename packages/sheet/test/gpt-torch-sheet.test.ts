import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateGptExperiment } from '@unha/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGptWorkbook, gptRunForSheet } from '../src/index';
import { shortName } from '../src/gpt/run';
import { tensorClose } from './helpers/gpt-compare';
import { LibreOffice, findSoffice } from './helpers/libreoffice';
import { type ReadWorkbook, namedValues, readXlsx } from './helpers/read-xlsx';
import { runsWith } from './helpers/tool';

/**
 * The GPT workbook against PyTorch: the fixtures of packages/engine/test/fixtures/gpt (nanoGPT's
 * model written out in PyTorch float64 by make_gpt_fixtures.py, which never runs our engine). A
 * real LibreOffice recomputes the sheet of each case and its losses (every step) and parameters
 * (after the last step) must equal PyTorch's to 1e-9 — the formulas checked against a computation
 * that shares nothing with them.
 */

const dir = fileURLToPath(new URL('../../engine/test/fixtures/gpt/', import.meta.url));
const haveFixtures = existsSync(`${dir}l1-h1-sgd.expected.json`);
if (!haveFixtures)
  console.warn(
    'The PyTorch GPT fixtures (packages/engine/test/fixtures/gpt) are missing: the sheet-vs-PyTorch tests are SKIPPED.',
  );
const soffice = findSoffice();
const runs =
  haveFixtures &&
  runsWith(
    soffice !== null,
    'LibreOffice (soffice) not found: the GPT sheet-vs-PyTorch tests are SKIPPED.',
    'Install libreoffice-calc (or set SOFFICE) to run them',
  );

/** The cases the sheet writes (no momentum, clipping or schedule; 1–2 layers, 1–4 heads). */
const names = ['l1-h1-sgd', 'l2-adam-coupled-decay', 'h4-w8'];

interface Expected {
  steps: { step: number; loss: number }[];
  final: { params: Record<string, unknown> };
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

describe.skipIf(!runs)('the GPT workbook recomputed by LibreOffice equals PyTorch', () => {
  let lo: LibreOffice;
  const reads: ReadWorkbook[] = [];
  const expected: Expected[] = [];

  beforeAll(async () => {
    lo = new LibreOffice(soffice);
    const files = names.map((n) => {
      const v = validateGptExperiment(JSON.parse(readFileSync(`${dir}experiments/${n}.json`, 'utf8')));
      if (!v.ok) throw new Error(`${n}: ${JSON.stringify(v.issues)}`);
      expected.push(JSON.parse(readFileSync(`${dir}${n}.expected.json`, 'utf8')) as Expected);
      return buildGptWorkbook(gptRunForSheet(v.value)).wb.toXlsx();
    });
    const { files: out } = await lo.recalc(files);
    for (const f of out) reads.push(readXlsx(f));
  }, 300_000);

  afterAll(() => lo?.dispose());

  names.forEach((n, i) => {
    it(`${n}: every step's loss and the final parameters are PyTorch's (1e-9)`, () => {
      const e = expected[i];
      const read = reads[i];
      for (const s of e.steps) {
        const got = namedValues(read, `step${s.step}_loss`)[0] as number;
        expect(Math.abs(got - s.loss) / s.loss, `loss of step ${s.step}: ${got} vs ${s.loss}`).toBeLessThan(
          1e-9,
        );
      }
      let compared = 0;
      for (const [name, value] of Object.entries(e.final.params)) {
        if (name === 'lm_head.weight') continue; // it is wte (tied)
        const got = namedValues(read, `final_${shortName(name)}`) as number[];
        expect(tensorClose(got, flat(value)), `${name} after the last step`).toBeNull();
        compared++;
      }
      expect(compared).toBeGreaterThan(10);
    });
  });
});

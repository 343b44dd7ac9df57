import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LmTrainer, validateLmExperiment } from '@unha/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { names } from './helpers/lm-cases';
import { namedValue, namedValues, readXlsx } from './helpers/read-xlsx';
import { xlsxXmlErrors } from './helpers/strict-xml';

const unha = fileURLToPath(new URL('../../cli/bin/unha.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unha-lm-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [unha, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A user's language-model experiment whose words are in a list beside it. */
const experiment = {
  data: { file: 'names.txt', context: 2, split: { train: 1, val: 0 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 3, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 1 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'adam', lr: 0.05 },
  batchSize: 6,
  batches: 'sequential',
  steps: 5,
};
writeFileSync(join(dir, 'names.txt'), `${names.join('\n')}\n`);
const file = (name: string, exp: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(exp));
  return p;
};

/** The engine's run of the same experiment at some rate, with the words of the list. */
function engineRun(lr: number): { losses: number[]; E: number[] } {
  const r = validateLmExperiment({ ...experiment, optimizer: { name: 'adam', lr } });
  if (!r.ok) throw new Error('bad experiment');
  const t = new LmTrainer(r.value, { words: names });
  const out = t.run();
  return { losses: out.steps.map((s) => s.loss), E: (out.final.params.E as number[][]).flat() };
}

describe('unha export of a language model', () => {
  it('writes the live workbook of a file whose words are in a list beside it, in pt-BR', () => {
    const out = join(dir, 'mlp.xlsx');
    const r = run('export', file('mlp.json', experiment), '--xlsx', out, '--locale', 'pt-BR');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bytes = new Uint8Array(readFileSync(out));
    const wb = readXlsx(bytes);
    const formulas = [...wb.sheets.values()].flatMap((s) => [...s.values()]).filter((c) => c.formula).length;
    expect(r.stdout).toContain(
      `Gravado ${out}: 5 passo(s), ${formulas.toLocaleString('pt-BR')} fórmulas vivas.`,
    );
    expect([...wb.sheets.keys()]).toEqual(['Leia-me', 'Entradas', 'Treino']);
    expect(xlsxXmlErrors(bytes).errors).toEqual([]);
    const want = engineRun(0.05);
    expect(namedValues(wb, 'losses').filter((v) => typeof v === 'number')).toEqual(want.losses);
    expect(namedValues(wb, 'final_E')).toEqual(want.E);
  });

  it('applies --lr, as for the regression lessons', () => {
    const out = join(dir, 'mlp-lr.xlsx');
    const r = run('export', join(dir, 'mlp.json'), '--lr', '0,2', '--xlsx', out, '--locale', 'pt-BR');
    expect(r.status).toBe(0);
    const wb = readXlsx(new Uint8Array(readFileSync(out)));
    expect(namedValue(wb, 'learning_rate')).toBe(0.2);
    expect(namedValues(wb, 'final_E')).toEqual(engineRun(0.2).E);
  });

  it('exports a run that diverges and says so (no crash)', () => {
    const out = join(dir, 'diverged.xlsx');
    const r = run('export', join(dir, 'mlp.json'), '--lr', '1e300', '--xlsx', out, '--locale', 'en');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The engine stopped at step 1 because the loss exploded');
    expect(xlsxXmlErrors(new Uint8Array(readFileSync(out))).errors).toEqual([]);
  });

  it('says in words what is too large and what fits, exit 2', () => {
    const many = run(
      'export',
      file('long.json', { ...experiment, steps: 5000 }),
      '--xlsx',
      join(dir, 'x.xlsx'),
      '--locale',
      'en',
    );
    expect(many.status).toBe(2);
    expect(many.stderr).toMatch(
      /too large to stay usable: formula cells [\d,]+ \(the limit is 250,000\)\. At most [\d,]+ step\(s\) fit/,
    );
    expect(many.stderr).not.toMatch(/\n\s+at /);
    const bad = run(
      'export',
      file('bad.json', { ...experiment, data: { ...experiment.data, context: 0 } }),
      '--xlsx',
      join(dir, 'y.xlsx'),
      '--locale',
      'en',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('bad.json');
    expect(bad.stderr).toContain('context');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { train } from '@unha/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { seedNeuron } from './helpers/experiments';
import { namedValue, namedValues, readXlsx } from './helpers/read-xlsx';
import { xlsxXmlErrors } from './helpers/strict-xml';

const unha = fileURLToPath(new URL('../../cli/bin/unha.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unha-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [unha, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('unha export', () => {
  it('writes the seed lesson at LR 0.01 with the seed’s epoch 15: W = 2,0919, B = 0,5306', () => {
    const out = join(dir, 'seed.xlsx');
    const r = run(
      'export',
      'one-neuron',
      '--lr',
      '0,01',
      '--epochs',
      '15',
      '--locale',
      'pt-BR',
      '--xlsx',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('15 época(s)');
    const wb = readXlsx(new Uint8Array(readFileSync(out)));
    expect([...wb.sheets.keys()]).toContain('Treino');
    expect(namedValue(wb, 'learning_rate')).toBe(0.01);
    expect(namedValue(wb, 'final_loss')).toBe(train(seedNeuron(0.01)).epochs[14].loss);
    const [w] = namedValues(wb, 'final_W1') as number[];
    const [b] = namedValues(wb, 'final_b1') as number[];
    expect(w.toFixed(4)).toBe('2.0919');
    expect(b.toFixed(4)).toBe('0.5306');
  });

  it('says in words what is wrong, with exit code 2', () => {
    const big = run(
      'export',
      'four-pairs',
      '--epochs',
      '100000',
      '--xlsx',
      join(dir, 'big.xlsx'),
      '--locale',
      'en',
    );
    expect(big.status).toBe(2);
    expect(big.stderr).toContain('too large to stay usable');
    expect(big.stderr).toContain('100,000');
    const none = run('export', 'four-pairs', '--locale', 'pt-BR');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--xlsx');
  });

  /** Formula cells of a written file, and the text of its Read me. */
  const contents = (file: string): { formulas: number; readme: string[]; errors: string[] } => {
    const bytes = new Uint8Array(readFileSync(file));
    const wb = readXlsx(bytes);
    const cells = [...wb.sheets.values()].flatMap((s) => [...s.values()]);
    return {
      formulas: cells.filter((c) => c.formula !== undefined).length,
      readme: [...[...wb.sheets.values()][0].values()].map((c) => String(c.value)),
      errors: xlsxXmlErrors(bytes).errors,
    };
  };

  it('exports a shuffled or dropout run that diverges in its first epoch, and explains it (no crash)', () => {
    for (const args of [
      ['mini-batches', '--lr', '10'],
      ['nonlinear-hidden', '--dropout', '0.5', '--lr', '1e200'],
    ]) {
      const out = join(dir, `${args[0]}-diverged.xlsx`);
      const r = run('export', ...args, '--xlsx', out, '--locale', 'en');
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Wrote ${out}: 0 epoch(s), 0 live formulas.`);
      expect(r.stdout).toContain('The training diverged. At epoch 1');
      const file = contents(out);
      expect(file.errors).toEqual([]);
      expect(file.formulas).toBe(0);
      expect(file.readme.some((l) => l.startsWith('The training diverged. At epoch 1'))).toBe(true);
    }
  });

  it('reports the formulas it wrote, not the ones the full run would have had', () => {
    const out = join(dir, 'dropout-diverged.xlsx');
    const r = run(
      'export',
      'nonlinear-hidden',
      '--dropout',
      '0.5',
      '--lr',
      '1e5',
      '--xlsx',
      out,
      '--locale',
      'pt-BR',
    );
    expect(r.status).toBe(0);
    const file = contents(out);
    // One complete epoch of 398 formulas, not the 119,400 of 300 epochs.
    expect(file.formulas).toBe(398);
    expect(r.stdout).toContain(`Gravado ${out}: 1 época(s), 398 fórmulas vivas.`);
    expect(r.stdout).toContain('O treino divergiu. Na época 2');
    expect(file.readme.some((l) => l.startsWith('O treino divergiu. Na época 2'))).toBe(true);
  });

  it('says exactly how many epochs fit when a lesson is too long for a sheet', () => {
    const r = run('export', 'overfitting', '--xlsx', join(dir, 'over.xlsx'), '--locale', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('At most 63 epoch(s) fit: --epochs 63.');
    const ok = run(
      'export',
      'overfitting',
      '--epochs',
      '5',
      '--xlsx',
      join(dir, 'over.xlsx'),
      '--locale',
      'en',
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(contents(join(dir, 'over.xlsx')).errors).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { train } from '@unha/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { seedNeuron } from './helpers/experiments';
import { namedValue, namedValues, readXlsx } from './helpers/read-xlsx';

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
});

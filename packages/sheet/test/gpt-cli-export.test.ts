import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GptTrainer, validateGptExperiment } from '@unha/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { namedValue, namedValues, readXlsx } from './helpers/read-xlsx';
import { tensorClose } from './helpers/gpt-compare';

const unha = fileURLToPath(new URL('../../cli/bin/unha.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [unha, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A user's GPT whose text is a file beside the experiment; it trains 40 steps, the sheet holds 3. */
const text = 'a cab, a bad cab. a dab.';
const experiment = {
  data: { file: 'tiny.txt', split: { train: 1, val: 0 } },
  model: { type: 'gpt', layers: 1, heads: 1, width: 4, block: 4, init: { seed: 5 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  batchSize: 2,
  batches: 'sequential',
  steps: 40,
};
writeFileSync(join(dir, 'tiny.txt'), text);
const file = (name: string, exp: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(exp));
  return p;
};

describe('unha export <gpt file> --xlsx', () => {
  it('writes the first 3 steps as formulas whose numbers are the engine’s, at the --lr given', () => {
    const out = join(dir, 'gpt.xlsx');
    const r = run('export', file('gpt.json', experiment), '--xlsx', out, '--lr', '0.03');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/3 of 40 step\(s\), [\d,]+ live formulas/);
    const wb = readXlsx(new Uint8Array(readFileSync(out)));
    expect(namedValue(wb, 'learning_rate')).toBe(0.03);
    const v = validateGptExperiment({
      ...experiment,
      data: { text, split: { train: 1, val: 0 } },
      optimizer: { ...experiment.optimizer, lr: 0.03 },
    });
    if (!v.ok) throw new Error('bad experiment');
    const t = new GptTrainer(v.value, { trace: 'full' });
    for (let s = 1; s <= 3; s++) {
      const tr = t.step()!;
      expect(Math.abs((namedValue(wb, `step${s}_loss`) as number) - tr.loss)).toBeLessThan(1e-9 * tr.loss);
      for (const u of tr.updates!) {
        const short = u.name
          .replace(/^transformer\./, '')
          .replace(/^h\.(\d+)\./, 'h$1_')
          .replace(/\./g, '_');
        expect(tensorClose(namedValues(wb, `after${s}_${short}`) as number[], u.after), u.name).toBeNull();
      }
    }
  });

  it('a model too wide for a sheet: a clear error in the learner’s language, exit 2, no file', () => {
    const out = join(dir, 'wide.xlsx');
    const wide = { ...experiment, model: { ...experiment.model, width: 32, heads: 1 } };
    const r = run('export', file('wide.json', wide), '--xlsx', out, '--locale', 'pt-BR');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('model.width é 32');
    expect(r.stderr).toContain('no máximo 16');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });
});

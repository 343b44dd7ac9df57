import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unha } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-cli-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

interface JsonRun {
  initial: { params: Record<string, number[] | number[][]> };
  epochs: { epoch: number; loss: number; params: { W1: number[][]; b1: number[] } }[];
  diverged?: unknown;
}

describe('unha run', () => {
  it('--json: the seed numbers, in the documented shape', () => {
    const r = unha(['run', 'one-neuron', '--json', '--epochs', '3']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonRun;
    expect(out.initial.params).toEqual({ W1: [[0.5]], b1: [0] });
    expect(out.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    // By hand: ŷ = 1,5, L = (1,5 − 7)² = 30,25, W = 0,5 − 0,1·(−33) = 3,8, B = 0 − 0,1·(−11) = 1,1.
    expect(out.epochs[0].loss).toBe(30.25);
    expect(out.epochs[0].params.W1[0][0]).toBeCloseTo(3.8, 12);
    expect(out.epochs[0].params.b1[0]).toBeCloseTo(1.1, 12);
    expect(out.epochs[1].params.W1[0][0]).toBeCloseTo(0.5, 12);
    expect(out.diverged).toBeUndefined();
  });
  it('--lr 0,01 (decimal comma) converges as in the seed table', () => {
    const r = unha(['run', 'one-neuron', '--lr', '0,01', '--epochs', '5', '--json']);
    const out = JSON.parse(r.stdout) as JsonRun;
    expect(out.epochs[1].params.W1[0][0]).toBeCloseTo(1.094, 10);
    expect(out.epochs[4].params.b1[0]).toBeCloseTo(0.3698, 4);
  });
  it('prints a table and a loss chart in the locale from LANG', () => {
    const r = unha(['run', 'one-neuron', '--lr', '0.01', '--epochs', '15'], { LANG: 'pt_BR.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/época\s+ŷ\s+perda\s+W\s+B/);
    expect(r.stdout).toMatch(/\n\s+2\s+2,6\s+19,36\s+1,094\s+0,198\n/);
    expect(r.stdout).toContain('Perda por época (escala log)');
  });
  it('--optimizer adam switches the optimizer', () => {
    const r = unha(['run', 'four-pairs', '--optimizer', 'adam', '--lr', '0.1', '--epochs', '1', '--json']);
    const out = JSON.parse(r.stdout) as JsonRun;
    // Adam's first step moves every parameter by lr·sign(g) (m̂/√v̂ = g/|g|): W 0,5 → 0,6, B 0 → 0,1.
    expect(out.epochs[0].params.W1[0][0]).toBeCloseTo(0.6, 6);
    expect(out.epochs[0].params.b1[0]).toBeCloseTo(0.1, 6);
  });
  it('a run that explodes is an outcome: exit 0, explained, and in --json', () => {
    const r = unha(['run', 'four-pairs', '--lr', '0.5', '--epochs', '200'], { LANG: 'en_US.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/The training diverged\. At epoch \d+ the loss reached/);
    expect(r.stdout).toContain('--optimizer adam');
    // The chart's axis stays in one column even when the loss has many digits.
    const axis = r.stdout
      .split('\n')
      .filter((l) => l.includes('│'))
      .map((l) => l.indexOf('│'));
    expect(axis.length).toBe(8);
    expect(new Set(axis).size).toBe(1);
    const j = unha(['run', 'four-pairs', '--lr', '0.5', '--epochs', '200', '--json']);
    const out = JSON.parse(j.stdout) as JsonRun & {
      diverged: { epoch: number; quantity: string; reason: string };
    };
    expect(out.diverged.epoch).toBeGreaterThan(1);
    expect(out.diverged.quantity).toBe('loss');
    expect(out.epochs.length).toBe(out.diverged.epoch - 1);
  });
});

describe('unha explain', () => {
  it('prints the hand calculation of the asked epoch', () => {
    const r = unha(['explain', 'one-neuron', '--epoch', '2', '--locale', 'pt-BR']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ŷ = W·x + B = 3,8·3 + 1,1 = 12,5');
    expect(r.stdout).toContain('Época 2');
  });
  it('--json gives each line as text, TeX and value', () => {
    const r = unha(['explain', 'one-neuron', '--json', '--locale', 'en']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      sections: { id: string; lines: { plain?: string; tex?: string; value?: number }[] }[];
    };
    const update = doc.sections
      .find((s) => s.id === 'update')!
      .lines.find((l) => l.plain?.startsWith('W ←'))!;
    expect(update.plain).toBe('W ← W − LR·∂L/∂W = 0.5 − 0.1·(−33) = 3.8');
    expect(update.tex).toMatch(/^W \\leftarrow W - \\mathrm\{LR\}/);
    expect(update.tex).toMatch(/= 3\.8$/);
    expect(update.value).toBeCloseTo(3.8, 12);
  });
  it('says how to narrow a large network, with the flags', () => {
    const r = unha(['explain', 'two-inputs-network', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('choose with --layer N, --unit N, --example N');
    expect(unha(['explain', 'one-neuron', '--locale', 'en']).stdout).not.toContain('--layer N');
  });
  it('refuses an epoch past the end, in words', () => {
    const r = unha(['explain', 'one-neuron', '--epoch', '99', '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--epoch 99: the run has epochs 1 to 10');
  });
});

describe('bad input: clear words, exit 2, no stack trace', () => {
  const bad = file(
    'bad.json',
    JSON.stringify({
      data: { inputs: [[1], [2]], targets: [[1]] },
      model: { layers: [{ units: 1, activation: 'gelu' }], init: { seed: 1 } },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 1,
    }),
  );
  const cases: [string[], RegExp][] = [
    [
      ['run', bad, '--locale', 'en'],
      /bad\.json: data\.targets does not fit the shape: 1 rows; expected 2 rows/,
    ],
    [
      ['run', bad, '--locale', 'pt-BR'],
      /bad\.json: model\.layers\[0\]\.activation tem um valor desconhecido: "gelu"/,
    ],
    [
      ['run', file('broken.json', '{"data": ['), '--locale', 'en'],
      /broken\.json: the file is not valid JSON/,
    ],
    [
      ['run', join(dir, 'missing.json'), '--locale', 'pt-BR'],
      /missing\.json: não foi possível ler o arquivo \(arquivo não encontrado\)/,
    ],
    [
      ['run', 'no-such-lesson', '--locale', 'en'],
      /no-such-lesson: not a lesson and not a file\. Lessons: one-neuron/,
    ],
    [
      ['run', 'one-neuron', '--lr', '-1', '--locale', 'en'],
      /--lr: "-1" is not valid; expected a number greater than 0/,
    ],
    [
      ['run', 'one-neuron', '--optimizer', 'rmsprop', '--locale', 'pt-BR'],
      /--optimizer: "rmsprop" não é válido; esperado sgd ou adam/,
    ],
    [['run', 'one-neuron', '--epochs', '2.5', '--locale', 'en'], /--epochs: "2.5" is not valid/],
    [['run', 'one-neuron', '--locale', 'fr'], /--locale: "fr" is not valid; expected pt-BR or en/],
    [['run', 'one-neuron', '--bogus', '--locale', 'en'], /unknown option --bogus/],
    [
      ['run', 'four-pairs', '--optimizer', 'adam', '--momentum', '0.9', '--locale', 'en'],
      /^four-pairs --momentum: optimizer\.momentum is not a known field/,
    ],
  ];
  for (const [args, message] of cases) {
    it(args.slice(1).join(' ').replace(dir, ''), () => {
      const r = unha(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }
  it('--debug adds the stack trace', () => {
    const r = unha(['run', 'one-neuron', '--lr', 'x', '--debug', '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('unha lessons and tour', () => {
  it('lists every lesson in the chosen language', () => {
    const r = unha(['lessons', '--locale', 'pt-BR']);
    expect(r.code).toBe(0);
    for (const id of ['one-neuron', 'four-pairs', 'two-inputs', 'two-inputs-network', 'two-neurons'])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('Um neurônio aprendendo y = 2x + 1');
  });
  it('the tour walks through the first lesson without waiting when not on a terminal', () => {
    const r = unha(['tour', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('W ← W − LR·∂L/∂W = 0.5 − 0.1·(−33) = 3.8');
    expect(r.stdout).toContain('ŷ = W·x + B = 3.8·3 + 1.1 = 12.5');
    expect(r.stdout).toContain('$ unha run one-neuron --lr 0.01 --epochs 15');
  });
});

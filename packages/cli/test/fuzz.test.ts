/**
 * A seeded fuzz of the CLI's contract: whatever flags and files a user gives, the outcome is a run
 * (exit 0) or located words (exit 2) in the user's language; never "internal error", a stack trace, a
 * raw control character on the terminal, or (in pt-BR) English words from commander or the engine.
 * The cases are drawn from a seeded Rng, so a failure names its case number and replays the same.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@unha/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-fuzz-'));
let fileCount = 0;
function write(ext: string, bytes: string | Uint8Array): string {
  const p = join(dir, `f${fileCount++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
}

// eslint-disable-next-line no-control-regex -- the characters the contract forbids on a terminal
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** English that would give away an untranslated message in pt-BR (from commander, the engine, Node). */
const GIVEAWAYS = [
  /\bexpected\b/i,
  /\bmust\b/i,
  /\bargument\b/i,
  /\boption\b/i,
  /\bmissing\b/i,
  /\bunknown\b/i,
  /\binvalid\b/i,
  /\bcannot\b/i,
  /\bnot valid\b/i,
  /\berror\b/i,
  /\bUsage\b/,
  /\bUnexpected\b/,
];

/** Junk every text flag may get: empty, NaN, huge, negative, unicode digits, controls, bidi. */
const JUNK = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-1',
  '-0',
  '0',
  '1e400',
  '1e12',
  '-1e12',
  '0x10',
  '1,5',
  '1.5.5',
  '１',
  '٣',
  'ñ',
  '温度',
  '\u202e3',
  '\u001b[2J',
  '3\u0007',
  '9'.repeat(400),
  '--',
  '=',
  'ação',
];
/** Values each training flag takes when it is valid (small, so every run is quick). */
const VALID: Record<string, string[]> = {
  '--lr': ['0.01', '0,1', '0.5', '2'],
  '--epochs': ['1', '2', '5'],
  '--optimizer': ['sgd', 'adam'],
  '--momentum': ['0', '0.9', '1'],
  '--batch-size': ['1', '2', '3'],
  '--seed': ['0', '7', '4294967296'],
  '--l2': ['0', '0.01'],
  '--dropout': ['0', '0.5', '0.95'],
  '--validation': ['0', '0.25', '0.9'],
  '--layers': ['1', '2:tanh,1', '3:relu,2:sigmoid,1', '0', '2:nope,1', ',', '1:', ':tanh'],
  '--decimals': ['0', '4', '15', '16'],
  '--every': ['1', '3'],
  '--epoch': ['1', '2', '99'],
  '--step': ['1', '2', '99'],
  '--layer': ['1', '2', '9'],
  '--unit': ['1', '2', '99'],
  '--example': ['1', '2', '99'],
};
const SWITCHES = ['--shuffle', '--no-shuffle', '--normalize', '--no-normalize', '--json', '--no-chart'];
const LESSONS = [
  'one-neuron',
  'four-pairs',
  'two-inputs',
  'mini-batches',
  'overfitting-dropout',
  'onee-neuron',
];

const EXPERIMENT = {
  title: { en: 'fuzz', 'pt-BR': 'fuzz' },
  data: { inputs: [[1], [2], [3]], targets: [[2], [4], [6]] },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { seed: 0 } },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.01 },
  epochs: 3,
};

class Draw {
  constructor(readonly rng: Rng) {}
  int(n: number): number {
    return Math.floor(this.rng.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  /** A string of junk characters: controls, bidi, quotes, separators, accents, wide characters. */
  text(max = 8): string {
    const chars = [
      'a',
      'b',
      'x',
      '1',
      '.',
      ',',
      ';',
      '"',
      ' ',
      '\t',
      '\r',
      '\u001b',
      '\u0007',
      '\u009b',
      '\u007f',
      '\u202e',
      '\u2066',
      'é',
      'e\u0301',
      '温',
      '👍',
      '\u0000',
    ];
    return Array.from({ length: this.int(max + 1) }, () => this.pick(chars)).join('');
  }
  /** A value that JSON can hold, often of the wrong kind. */
  value(depth = 0): unknown {
    const k = this.int(depth > 2 ? 7 : 9);
    return [
      () => this.pick([0, -1, 1e308, -1e-308, 0.5, 3, 2 ** 53 + 1]),
      () => this.text(),
      () => null,
      () => true,
      () => this.pick(['mse', 'sgd', 'adam', 'tanh', 'relu', 'identity']),
      () => this.int(4),
      () => ({}),
      () => Array.from({ length: this.int(4) }, () => this.value(depth + 1)),
      () => ({ [this.text(3)]: this.value(depth + 1) }),
    ][k]();
  }
}

/** A JSON document with one to three random changes at random paths. */
function mutate(d: Draw, doc: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  for (let n = 1 + d.int(3); n > 0; n--) {
    let node = copy as Record<string, unknown>;
    for (;;) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = d.pick(keys);
      const child = node[key];
      if (typeof child === 'object' && child !== null && d.chance(0.6)) {
        node = child as Record<string, unknown>;
        continue;
      }
      if (d.chance(0.2)) delete node[key];
      else node[key] = d.value();
      break;
    }
  }
  return copy;
}

/** Bytes of a text as a user's editor might save it: UTF-8, with a BOM, UTF-16 with its BOM, cut short. */
function encode(d: Draw, text: string): Uint8Array {
  const r = d.int(8);
  if (r === 0) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  if (r === 1) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (r === 2) return Buffer.from(text.slice(0, d.int(text.length + 1)));
  if (r === 3) return Buffer.from(text.replace(/\n/g, '\r\n'));
  return Buffer.from(text);
}

function csv(d: Draw): string {
  const cols = 1 + d.int(4) + (d.chance(0.7) ? 1 : 0);
  const header = Array.from({ length: cols }, (_, i) =>
    d.pick([`c${i}`, `c${i}`, `c${i}`, `c${i}`, 'x', d.text(5), `"${d.text(4)}"`, '"a,b"', '', 'x']),
  );
  const rows = Array.from({ length: d.chance(0.1) ? 0 : 2 + d.int(5) }, () =>
    Array.from({ length: cols + (d.chance(0.15) ? d.int(3) - 1 : 0) }, () =>
      d.chance(0.9) ? String(d.int(9)) : d.pick(['1,5', '"2"', '', 'NaN', '-3', '1e400', d.text(3), '0.25']),
    ).join(d.chance(0.1) ? ';' : ','),
  );
  return [header.join(','), ...rows].join('\n') + (d.chance(0.5) ? '\n' : '');
}

interface Case {
  args: string[];
  env: Record<string, string>;
  pt: boolean;
}

function drawCase(d: Draw, model: string): Case {
  const command = d.pick(['run', 'run', 'explain', 'predict', 'params']);
  const args: string[] = [command];
  const pt = d.chance(0.5);
  const env = { LANG: pt ? 'pt_BR.UTF-8' : 'en_US.UTF-8' };
  if (command === 'predict') {
    const m = d.chance(0.5)
      ? model
      : write('json', encode(d, JSON.stringify(mutate(d, JSON.parse(modelText)))));
    args.push(m);
    for (let k = d.int(3); k > 0; k--)
      args.push('--input', d.chance(0.8) ? `${d.int(5)},${d.int(5)}` : d.pick(JUNK));
    if (d.chance(0.3)) args.push('--example', d.pick(VALID['--example']));
    if (d.chance(0.3)) args.push('--data', write('csv', encode(d, csv(d))));
    if (d.chance(0.2)) args.push('--inputs', d.pick(['x', 'c0', d.text(3)]));
  } else {
    const s = d.int(6);
    if (s <= 1) args.push(d.pick(LESSONS));
    else if (s === 2)
      args.push(write('json', encode(d, JSON.stringify(d.chance(0.6) ? mutate(d, EXPERIMENT) : EXPERIMENT))));
    else if (s === 3) args.push(write('json', encode(d, d.text(20))));
    else if (s === 4 && command === 'params')
      args.push(write('json', encode(d, JSON.stringify(mutate(d, JSON.parse(modelText))))));
    if (s >= 4 || d.chance(0.2)) {
      args.push('--data', write('csv', encode(d, csv(d))));
      if (d.chance(0.3)) args.push('--inputs', d.pick(['c0', 'x', 'c0,c1', d.text(3)]));
      if (d.chance(0.3)) args.push('--targets', d.pick(['c1', 'x', '', d.text(3)]));
    }
    // Each command's own flags (another command's would stop every case at "unknown option").
    const own = ['--every', '--epoch', '--step', '--layer', '--unit', '--example'];
    const flags =
      command === 'params'
        ? ['--layers']
        : Object.keys(VALID).filter(
            (f) => !own.includes(f) || (command === 'run' ? f === '--every' : f !== '--every'),
          );
    for (const f of flags) {
      if (!d.chance(command === 'params' ? 0.5 : 0.25)) continue;
      args.push(f, d.chance(0.85) ? d.pick(VALID[f]) : d.pick(JUNK));
    }
    if (command !== 'params' && !args.includes('--epochs')) args.push('--epochs', d.pick(['1', '2', '3']));
    const switches = SWITCHES.filter((sw) => command === 'run' || sw !== '--no-chart');
    if (command !== 'params') for (const sw of switches) if (d.chance(0.08)) args.push(sw);
  }
  if (d.chance(0.05)) args.push(d.pick(['--bogus', '--lr', 'extra', '--locale', `--locale=${d.text(2)}`]));
  return { args, env, pt };
}

/** What every outcome must be. Returns the broken promises, empty when the outcome keeps them all. */
function broken(c: Case, r: CliResult): string[] {
  const out: string[] = [];
  const all = r.stdout + r.stderr;
  if (r.code !== 0 && r.code !== 2) out.push(`exit ${r.code}`);
  if (/internal error|erro interno/.test(all)) out.push('internal error');
  if (/\n\s+at .+[(:]\d+/.test(all)) out.push('stack trace');
  if (RAW_CONTROL.test(all)) out.push('raw control character');
  if (r.code === 2 && r.stderr.trim() === '') out.push('exit 2 without words');
  if (r.code === 0 && r.stderr !== '') out.push('a run that wrote to stderr');
  if (c.pt) for (const g of GIVEAWAYS) if (g.test(r.stderr)) out.push(`English in pt-BR: ${g.source}`);
  return out;
}

/**
 * Cases the CLI relies on the engine for, each with what used to go wrong: the depth limit and the
 * size limits (engine/src/limits.ts) now refuse them, before anything is allocated.
 */
const deep = (d: number): string => `${'['.repeat(d)}${']'.repeat(d)}`;
export const ENGINE_LIMITS: { name: string; args: () => string[]; reason: string }[] = [
  {
    name: 'an experiment whose data.inputs is nested 50 000 deep',
    args: () => [
      'run',
      write(
        'json',
        JSON.stringify({ ...EXPERIMENT, data: 0 }).replace('0', `{"inputs":${deep(50_000)},"targets":[[1]]}`),
      ),
    ],
    reason:
      'engine/src/experiment.ts: the validator recurses without a depth limit (RangeError: internal error, exit 1)',
  },
  {
    name: 'a model file whose experiment has data.inputs nested 50 000 deep',
    args: () => [
      'predict',
      write('json', modelText.replace('"inputs": [', `"inputs": [${deep(50_000)},`)),
      '--input',
      '1,2',
    ],
    reason:
      'engine/src/model.ts: fromModelFile validates the experiment with no depth limit (internal error)',
  },
  {
    name: '--layers 100000,100000,1 (10¹⁰ weights)',
    args: () => ['run', 'one-neuron', '--layers', '100000,100000,1', '--epochs', '1'],
    reason:
      'engine limits: no bound on the network size; the run allocates until it hangs or runs out of memory',
  },
  {
    name: '--epochs 1000000 on a 3000-unit network',
    args: () => ['run', 'one-neuron', '--layers', '3000,3000,1', '--epochs', '1000000'],
    reason: 'engine limits: no bound on epochs × work per epoch; a valid-looking command trains for hours',
  },
];

let modelText = '';
let model = '';
beforeAll(async () => {
  model = join(dir, 'model.json');
  const r = await unhaHere(['run', 'two-inputs', '--epochs', '2', '--save', model]);
  expect(r.code).toBe(0);
  modelText = (await import('node:fs')).readFileSync(model, 'utf8');
});

/** About 10 ms a case in this process (the suite's budget for this file is well under a minute). */
const CASES = 600;

describe('fuzz: flags and files never break the contract', () => {
  it(`${CASES} seeded cases, both locales`, { timeout: 120_000 }, async () => {
    const d = new Draw(new Rng(20261130));
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const c = drawCase(d, model);
      const r = await unhaHere(c.args, c.env);
      const b = broken(c, r);
      // FUZZ_LOG=1 prints every case and its outcome (to see what the draws cover).
      if (process.env.FUZZ_LOG)
        console.warn(`#${n} ${r.code} ${JSON.stringify(c.args)} ${c.env.LANG}\n${r.stderr}`);
      if (b.length > 0)
        failures.push(
          `#${n} ${JSON.stringify(c.args)} ${c.env.LANG}: ${b.join(', ')}\n${r.stderr.slice(0, 400)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});

describe('refused by the engine before allocating (ENGINE_LIMITS)', () => {
  for (const k of ENGINE_LIMITS) {
    it(`${k.name} — ${k.reason}`, { timeout: 60_000 }, async () => {
      const args = k.args();
      const pt = await unhaHere(args, { LANG: 'pt_BR.UTF-8' });
      expect(broken({ args, env: {}, pt: true }, pt)).toEqual([]);
      expect(pt.code).toBe(2);
    });
  }
});

/** A small language model: every run of it takes a few milliseconds. */
const LM_EXPERIMENT = {
  data: { words: ['emma', 'olivia', 'ava', 'isabella'], context: 3, split: { train: 0.75, val: 0.25 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 4, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 1 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  batchSize: 4,
  batches: 'sequential',
  steps: 3,
  sample: { count: 3 },
};
const LM_VALID: Record<string, string[]> = {
  '--lr': ['0.01', '0,1', '2'],
  '--steps': ['1', '2', '3'],
  '--batch-size': ['1', '3', '100'],
  '--optimizer': ['sgd', 'adam', 'adamw', 'AdamW'],
  '--momentum': ['0', '0.9'],
  '--seed': ['0', '7'],
  '--every': ['1', '2'],
  '--eval-every': ['1', '5'],
  '--decimals': ['0', '4', '16'],
  // Flags a language model refuses by name.
  '--epochs': ['1'],
  '--l2': ['0.1'],
  '--validation': ['0.25'],
  '--layers': ['2:tanh,1'],
};

const REFUSED = ['--epochs', '--l2', '--validation', '--layers'];

function drawLmCase(d: Draw, lmModel: string, lmModelText: string): Case {
  const command = d.pick(['run', 'run', 'run', 'params', 'predict']);
  const pt = d.chance(0.5);
  const env = { LANG: pt ? 'pt_BR.UTF-8' : 'en_US.UTF-8' };
  const args: string[] = [command];
  if (command === 'predict') {
    args.push(
      d.chance(0.6) ? lmModel : write('json', encode(d, JSON.stringify(mutate(d, JSON.parse(lmModelText))))),
    );
    if (d.chance(0.85))
      args.push('--context', d.chance(0.6) ? d.pick(['em', 'a', '', 'olivi', '...']) : d.text(4));
    if (d.chance(0.3)) args.push('--top', d.chance(0.8) ? d.pick(['1', '3', '30']) : d.pick(JUNK));
    if (d.chance(0.2)) args.push('--json');
    if (d.chance(0.05)) args.push('--input', '1');
    return { args, env, pt };
  }
  args.push(
    write('json', encode(d, JSON.stringify(d.chance(0.6) ? mutate(d, LM_EXPERIMENT) : LM_EXPERIMENT))),
  );
  if (d.chance(0.2))
    args.push(
      '--data',
      write('txt', encode(d, Array.from({ length: d.int(5) }, () => d.text(6)).join('\n'))),
    );
  if (command === 'run') {
    for (const f of Object.keys(LM_VALID)) {
      if (!d.chance(REFUSED.includes(f) ? 0.04 : 0.15)) continue;
      args.push(f, d.chance(0.85) ? d.pick(LM_VALID[f]) : d.pick(JUNK));
    }
    for (const sw of ['--json', '--no-chart', '--normalize']) if (d.chance(0.1)) args.push(sw);
  }
  return { args, env, pt };
}

describe('fuzz: language models never break the contract', () => {
  it('150 seeded cases, both locales', { timeout: 120_000 }, async () => {
    const lmModel = join(dir, 'lm-model.json');
    const saved = await unhaHere(['run', write('json', JSON.stringify(LM_EXPERIMENT)), '--save', lmModel]);
    expect(saved.code).toBe(0);
    const lmModelText = (await import('node:fs')).readFileSync(lmModel, 'utf8');
    const d = new Draw(new Rng(20261201));
    const failures: string[] = [];
    for (let n = 0; n < 150; n++) {
      const c = drawLmCase(d, lmModel, lmModelText);
      const r = await unhaHere(c.args, c.env);
      if (process.env.FUZZ_LOG)
        console.warn(`#${n} ${r.code} ${JSON.stringify(c.args)} ${c.env.LANG}\n${r.stderr}`);
      const b = broken(c, r);
      if (b.length > 0)
        failures.push(
          `#${n} ${JSON.stringify(c.args)} ${c.env.LANG}: ${b.join(', ')}\n${r.stderr.slice(0, 400)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});

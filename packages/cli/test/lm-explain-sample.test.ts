import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmTrainer, toLmModelFile, validateLmExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-lm-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

const WORDS = ['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'amelia', 'harper', 'evelyn', 'abigail'];
const experiment = {
  data: { words: WORDS, context: 3, split: { train: 0.8, val: 0.2 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 8, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 1 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  batchSize: 8,
  batches: 'sequential',
  steps: 30,
};
const mlp = file('mlp.json', experiment);
const counts = file('counts.json', {
  data: { words: WORDS, context: 1, split: { train: 1, val: 0 } },
  model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
  loss: 'cross-entropy',
  steps: 0,
});
const PT = { LANG: 'pt_BR.UTF-8' };

interface JsonLine {
  text?: string;
  plain?: string;
  value?: number;
}
interface JsonDoc {
  kind: string;
  step: number;
  example: number;
  sections: { id: string; lines: JsonLine[] }[];
}
const valueOf = (doc: JsonDoc, prefix: string): number => {
  const line = doc.sections.flatMap((s) => s.lines).find((l) => l.plain?.startsWith(`${prefix} =`));
  if (line?.value === undefined) throw new Error(`no line ${prefix}`);
  return line.value;
};

/** The step's records, traced here by the engine directly (what the CLI must have explained). */
function stepOf(S: number) {
  const r = validateLmExperiment(experiment);
  if (!r.ok) throw new Error('bad experiment');
  const t = new LmTrainer(r.value, { trace: (s) => s === S });
  let st = t.step();
  while (st && st.step < S) st = t.step();
  return { t, st: st! };
}

describe('unha explain on a language model', () => {
  for (const [env, locale] of [
    [PT, 'pt-BR'],
    [{}, 'en'],
  ] as const)
    it(`--step 3 --example 2 (${locale}): softmax, −ln p and (p − 1)/B recomputed here from the logits`, async () => {
      const r = await unhaHere(['explain', mlp, '--step', '3', '--example', '2', '--json'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as JsonDoc;
      expect([doc.kind, doc.step, doc.example]).toEqual(['lm', 3, 2]);
      const { t, st } = stepOf(3);
      const V = t.data.vocab.chars.length;
      const z = Array.from(st.records!.find((x) => x.role === 'logits')!.value.subarray(V, 2 * V));
      const mx = Math.max(...z);
      const e = z.map((v) => Math.exp(v - mx));
      const S = e.reduce((a, b) => a + b, 0);
      const target = t.data.train.targets[st.batch[1]];
      const c = t.data.vocab.chars[target];
      expect(valueOf(doc, `p[${c}]`)).toBeCloseTo(e[target] / S, 12);
      expect(valueOf(doc, 'ℓ')).toBeCloseTo(Math.log(S) - (z[target] - mx), 12);
      expect(valueOf(doc, `∂L/∂logit[${c}]`)).toBeCloseTo((e[target] / S - 1) / 8, 12);
      const text = await unhaHere(['explain', mlp, '--step', '3', '--example', '2'], env);
      expect(text.stdout).toContain(
        locale === 'pt-BR' ? 'Passo 3 de 30, exemplo 2 de 8' : 'Step 3 of 30, example 2 of 8',
      );
      expect(text.stdout).toContain(locale === 'pt-BR' ? 'mais' : 'more');
    });

  it('--unit writes that unit in full', async () => {
    const r = await unhaHere(['explain', mlp, '--step', '2', '--unit', '3']);
    expect(r.code).toBe(0);
    const z = r.stdout.split('\n').find((l) => l.startsWith('  z1[3] ='))!;
    // z1[3] = Σᵢ W1[3,i]·x[i] + b1[3] = <six products> + b = value: every input of 3 characters × 2 values.
    expect(z.split(' = ')[2].match(/·/g)).toHaveLength(6);
    expect(z).not.toContain('more');
  });

  it('a step, example or unit the run does not have: the range it has, exit 2, in both languages', async () => {
    const cases: [string[], string, string][] = [
      [['--step', '31'], '--step 31: out of range; this run has steps 1 to 30', 'os passos 1 a 30'],
      [['--example', '9'], '--example 9: out of range; this run has examples 1 to 8', 'os exemplos 1 a 8'],
      [['--unit', '99'], '--unit 99: out of range; this run has units 1 to', 'os neurônios 1 a'],
      [['--step', '0'], '--step: "0" is not valid; expected a whole number ≥ 1', 'um número inteiro ≥ 1'],
      [
        ['--epoch', '2'],
        '--epoch does not apply to a language model',
        'não vale para um modelo de linguagem',
      ],
      [['--lr', '0.1'], '--lr does not apply to a language model', '--lr não vale'],
    ];
    for (const [flags, en, pt] of cases) {
      const r = await unhaHere(['explain', mlp, ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(en);
      expect(r.stdout).toBe('');
      const p = await unhaHere(['explain', mlp, ...flags], PT);
      expect(p.code).toBe(2);
      expect(p.stderr).toContain(pt);
    }
  });

  it('the counting model: one pair by --example, its count and P counted here', async () => {
    // Training example 2 is "e" → "m" (the words' order is kept).
    const r = await unhaHere(['explain', counts, '--example', '2', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    let n = 0;
    let row = 0;
    for (const w of WORDS)
      for (let i = 0; i < w.length; i++)
        if (w[i] === 'e') {
          row++;
          if (w[i + 1] === 'm') n++;
        }
    const V = new Set(WORDS.join('')).size + 1;
    expect(valueOf(doc, 'N[e,m]')).toBe(n);
    expect(valueOf(doc, 'P[m|e]')).toBeCloseTo((n + 1) / (row + V), 14);
    const bad = await unhaHere(['explain', counts, '--step', '2'], PT);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('o modelo de contagem não tem passos');
  });
});

describe('unha sample', () => {
  it('the same seed writes the same names; the names are the characters the explanation chose', async () => {
    const args = [
      'sample',
      mlp,
      '--count',
      '5',
      '--temperature',
      '0.8',
      '--top-k',
      '5',
      '--seed',
      '1',
      '--json',
    ];
    const a = await unhaHere(args);
    const b = await unhaHere(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as { words: string[]; temperature: number; topK: number; seed: number };
    expect(out.words).toHaveLength(5);
    expect([out.temperature, out.topK, out.seed]).toEqual([0.8, 5, 1]);
    const other = JSON.parse((await unhaHere([...args.slice(0, -2), '2', '--json'])).stdout) as {
      words: string[];
    };
    expect(other.words).not.toEqual(out.words);
    // --explain: each name's section ends each character with the one drawn.
    const ex = await unhaHere([...args, '--explain']);
    const withDoc = JSON.parse(ex.stdout) as {
      words: string[];
      explanation: JsonDoc & { sections: { title: string; lines: JsonLine[] }[] };
    };
    expect(withDoc.words).toEqual(out.words);
    withDoc.explanation.sections.forEach((s, i) => {
      const drawn = s.lines
        .filter((l) => l.text?.startsWith('the first character whose cumulative probability exceeds u'))
        .map((l) => /"(.)"/.exec(l.text!)![1])
        .filter((c) => c !== '.')
        .join('');
      expect(drawn).toBe(out.words[i]);
    });
  });

  it('a model saved from the same training writes the same names', async () => {
    const r = validateLmExperiment(experiment);
    if (!r.ok) throw new Error('bad experiment');
    const t = new LmTrainer(r.value);
    t.run();
    const saved = file('model.json', toLmModelFile(t));
    const args = ['--count', '6', '--seed', '3', '--json'];
    const fromModel = await unhaHere(['sample', saved, ...args]);
    const fromExp = await unhaHere(['sample', mlp, ...args]);
    expect(fromModel.code).toBe(0);
    expect(fromModel.stdout).toBe(fromExp.stdout);
    const explainModel = await unhaHere(['explain', saved], PT);
    expect(explainModel.code).toBe(2);
    expect(explainModel.stderr).toContain('é um modelo salvo');
  });

  it('prints the names and, with --explain, how each character was drawn (pt-BR)', async () => {
    const r = await unhaHere(['sample', mlp, '--count', '2', '--seed', '1', '--top-k', '3', '--explain'], PT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 nomes amostrados \(temperatura 1, top-k 3, semente 1\):\n/);
    expect(r.stdout).toContain('o top-3 mantém:');
    expect(r.stdout).toMatch(/u = 0,\d+ < F\[.\] = /);
  });

  it('bad values: located, exit 2, in both languages', async () => {
    const cases: [string[], string, string][] = [
      [
        ['--temperature', '0'],
        '--temperature: "0" is not valid; expected a number greater than 0',
        'um número maior que 0',
      ],
      [['--temperature', '-1'], '--temperature: "-1" is not valid', '--temperature: "-1" não é válido'],
      [['--top-k', '0'], '--top-k: "0" is not valid; expected a whole number ≥ 1', 'um número inteiro ≥ 1'],
      [
        ['--top-k', '99'],
        '--top-k: "99" is not valid; expected a whole number from 1 to 16',
        'um número inteiro de 1 a 16',
      ],
      [
        ['--count', '0'],
        '--count: "0" is not valid; expected a whole number from 1 to 10000',
        'de 1 a 10000',
      ],
      [['--count', '1e9'], '--count: "1e9" is not valid', '--count: "1e9" não é válido'],
      [
        ['--seed', '-1'],
        '--seed: "-1" is not valid; expected a whole number from 0 to 4294967295',
        'de 0 a 4294967295',
      ],
    ];
    for (const [flags, en, pt] of cases) {
      const r = await unhaHere(['sample', mlp, ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toContain(en);
      expect(r.stdout).toBe('');
      const p = await unhaHere(['sample', mlp, ...flags], PT);
      expect(p.stderr).toContain(pt);
    }
    const regression = await unhaHere(['sample', 'one-neuron']);
    expect(regression.code).toBe(2);
    expect(regression.stderr).toContain('one-neuron is not a language model');
    const unknown = await unhaHere(['sample', 'nomes-mlp'], PT);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('nomes-mlp: não é uma lição nem um arquivo. Lições: one-neuron');
  });
});

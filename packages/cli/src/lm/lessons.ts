import * as lessonsPackage from '@unha/lessons';
import type { Locale } from '@unha/explain';

/**
 * The language-model lessons and corpora of @unha/lessons (`lmLessons`, `findLmLesson`, `corpora`,
 * `corpusWords`), read through this one module: the CLI asks for them by name, and a package that
 * does not have them yet reads as having none (the CLI still runs `data.words` and word files).
 */
export interface LmLessonInfo {
  id: string;
  title: Record<Locale, string>;
  summary: Record<Locale, string>;
  /** The raw experiment: data.corpus is resolved by the CLI (corpusWords). */
  experiment: unknown;
}

export interface CorpusInfo {
  id: string;
  title?: Record<Locale, string>;
  /** SPDX expression of the data as shipped. */
  licence?: string;
  count?: number;
}

interface LmLessonsApi {
  lmLessons?: readonly LmLessonInfo[];
  findLmLesson?: (id: string) => LmLessonInfo | undefined;
  corpora?: readonly CorpusInfo[];
  corpusWords?: (id: string) => string[];
}

const api = lessonsPackage as unknown as LmLessonsApi;

export const lmLessons: readonly LmLessonInfo[] = api.lmLessons ?? [];

export function findLmLesson(id: string): LmLessonInfo | undefined {
  return api.findLmLesson ? api.findLmLesson(id) : lmLessons.find((l) => l.id === id);
}

export function corpora(): readonly CorpusInfo[] {
  return api.corpora ?? [];
}

/** The ids of the built-in corpora, for `data.corpus` and its error message. */
export function corpusIds(): string[] {
  return (api.corpora ?? []).map((c) => c.id);
}

/** The words of a built-in corpus; undefined for an id that is not one. */
export function corpusWords(id: string): string[] | undefined {
  if (!corpusIds().includes(id) || !api.corpusWords) return undefined;
  return api.corpusWords(id);
}

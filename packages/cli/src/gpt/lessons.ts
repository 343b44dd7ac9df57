import * as lessonsPackage from '@unha/lessons';
import type { Locale } from '@unha/explain';

/**
 * The GPT lessons and the built-in texts of @unha/lessons (`gptLessons`, `findGptLesson`,
 * `corpusText`), read through this one module: they land in the lessons package beside this work, so
 * they are looked up by name, and a package without them reads as having none (the CLI still runs
 * `data.text` and text files).
 */
export interface GptLessonInfo {
  id: string;
  title: Record<Locale, string>;
  summary: Record<Locale, string>;
  /** The raw experiment: data.corpus is resolved by the CLI (corpusText). */
  experiment: unknown;
}

/** A built-in text (`textCorpora`): its size is written there, so a listing does not load it. */
export interface TextCorpusInfo {
  id: string;
  title?: Record<Locale, string>;
  licence?: string;
  characters?: number;
  vocabulary?: number;
}

interface GptLessonsApi {
  gptLessons?: readonly GptLessonInfo[];
  findGptLesson?: (id: string) => GptLessonInfo | undefined;
  corpusText?: (id: string) => string | undefined;
  textCorpora?: readonly TextCorpusInfo[];
}

/**
 * One export of the package, or undefined when it has none: a test's module mock throws on a name it
 * does not define (instead of giving undefined), which is the same "none" here.
 */
function exported<K extends keyof GptLessonsApi>(name: K): GptLessonsApi[K] {
  try {
    return (lessonsPackage as unknown as GptLessonsApi)[name];
  } catch {
    return undefined;
  }
}

const api: GptLessonsApi = {
  gptLessons: exported('gptLessons'),
  findGptLesson: exported('findGptLesson'),
  corpusText: exported('corpusText'),
  textCorpora: exported('textCorpora'),
};

export const gptLessons: readonly GptLessonInfo[] = api.gptLessons ?? [];

export function findGptLesson(id: string): GptLessonInfo | undefined {
  return api.findGptLesson ? api.findGptLesson(id) : gptLessons.find((l) => l.id === id);
}

/** The whole text of a built-in corpus; undefined for an id that is not one. */
export function corpusText(id: string): string | undefined {
  if (!api.corpusText) return undefined;
  try {
    const t = api.corpusText(id);
    return typeof t === 'string' ? t : undefined;
  } catch {
    // An id the package does not know may throw there: to the CLI it is the same unknown id.
    return undefined;
  }
}

/** The built-in texts a GPT's `data.corpus` may name. */
export function textCorpora(): readonly TextCorpusInfo[] {
  return api.textCorpora ?? [];
}

/** The ids a GPT's `data.corpus` may name, for the message of an unknown one. */
export function corpusIds(): string[] {
  return textCorpora().map((c) => c.id);
}

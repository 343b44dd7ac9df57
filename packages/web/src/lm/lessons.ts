import type { Locale } from '../state';

/** A built-in language-model lesson as the lab reads it: its words and its experiment (raw JSON). */
export interface LmLesson {
  id: string;
  title: Record<Locale, string>;
  summary: Record<Locale, string>;
  story: Record<Locale, string[]>;
  tryNext: { command: string; why: Record<Locale, string> }[];
  experiment: unknown;
}

/** The ladder's lessons (`@unha/lessons`' lmLessons, from another part of issue 9; none until it lands). */
export const lmLessonList: readonly LmLesson[] = [];

export function findLmLesson(id: string): LmLesson | undefined {
  return lmLessonList.find((l) => l.id === id);
}

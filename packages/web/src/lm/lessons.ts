import { type LmLesson, lmLessons } from '@unha/lessons';

export type { LmLesson };

/** The ladder's lessons (`@unha/lessons`' lmLessons): names-counts, names-bigram, names-mlp, … */
export const lmLessonList: readonly LmLesson[] = lmLessons;

export function findLmLesson(id: string): LmLesson | undefined {
  return lmLessonList.find((l) => l.id === id);
}

import type { PickerLesson } from '../views/header';

/**
 * The GPT lessons of `@unha/lessons` (gpt-tiny, attention). Empty until they land there; the lab
 * runs an experiment from a link or a file meanwhile.
 */
export interface GptLessonLike extends PickerLesson {
  experiment: unknown;
}

export const gptLessonList: readonly GptLessonLike[] = [];

export function findGptLesson(id: string): GptLessonLike | undefined {
  return gptLessonList.find((l) => l.id === id);
}

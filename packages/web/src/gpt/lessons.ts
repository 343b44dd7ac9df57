import { type GptLesson, gptLessons } from '@unha/lessons';
import type { PickerLesson } from '../views/header';

/** A GPT lesson as the lab's picker and story read it. */
export type GptLessonLike = GptLesson & PickerLesson;

/**
 * The GPT lessons the browser lab offers: gpt-tiny and attention train live in the worker. The
 * moby-dick recipe (0.8 M parameters) is left out of the picker until the float32 path lands: in the
 * float64 engine one of its steps takes seconds and an evaluation minutes. A link or a checkpoint can
 * still open it.
 */
export const gptLessonList: readonly GptLessonLike[] = gptLessons.filter((l) => l.id !== 'moby-dick');

export function findGptLesson(id: string): GptLessonLike | undefined {
  return gptLessons.find((l) => l.id === id);
}

import type { Experiment, LocalText } from '@unha/engine';

export type Locale = 'pt-BR' | 'en';

/** A built-in lesson: an experiment plus its story, in Portuguese and English. */
export interface Lesson {
  id: string;
  title: Record<Locale, string>;
  /** One line for `unha lessons`. */
  summary: Record<Locale, string>;
  /** The story, paragraph by paragraph: what happens and why. */
  story: Record<Locale, string[]>;
  /** What to try next, as CLI commands with a one-line reason each. */
  tryNext: { command: string; why: Record<Locale, string> }[];
  /** Where this comes from in the seed write-up (its question number), when it does. */
  seedRef?: string;
  experiment: Experiment;
}

export function localText(t: LocalText | undefined, locale: Locale): string | undefined {
  if (t === undefined) return undefined;
  if (typeof t === 'string') return t;
  return t[locale] ?? t.en ?? t['pt-BR'];
}

import { parseDecimal } from '@unha/engine';
import { DEFAULT_SPEED, type Locale, SPEEDS, parseState } from '../state';

/**
 * What a link to the language-model lab carries: the lesson (or an experiment as `exp`), the language,
 * the step on display, the play speed, the context of the bars (`ctx`), the example of the
 * calculation (`example`) and the seed of the live names (`nseed`).
 */
export interface LmState {
  lesson: string;
  exp?: string;
  /** An experiment opened from a file too large for the address, kept in this tab (lm/handoff.ts). */
  file?: string;
  lang: Locale;
  step: number;
  speed?: number;
  context?: string;
  example?: number;
  seed?: number;
}

export const DEFAULT_NAMES_SEED = 1;

const int = (s: string | null): number | undefined => {
  const v = s === null ? undefined : parseDecimal(s);
  return v !== undefined && Number.isInteger(v) && v >= 0 ? v : undefined;
};

export function parseLmState(search: string, browserLang?: string): LmState {
  const base = parseState(search, browserLang);
  const q = new URLSearchParams(search);
  const s: LmState = { lesson: base.lesson, lang: base.lang, step: base.step };
  if (base.exp) s.exp = base.exp;
  const file = q.get('file');
  if (file !== null && !base.exp) s.file = file;
  if (base.speed !== undefined) s.speed = base.speed;
  const ctx = q.get('ctx');
  if (ctx !== null) s.context = ctx.normalize('NFC');
  const ex = int(q.get('example'));
  if (ex !== undefined && ex >= 1) s.example = ex;
  const seed = int(q.get('nseed'));
  if (seed !== undefined) s.seed = seed;
  return s;
}

export function serializeLmState(s: LmState): string {
  const q = new URLSearchParams();
  if (s.exp) q.set('exp', s.exp);
  else if (s.file !== undefined) q.set('file', s.file);
  else q.set('lesson', s.lesson);
  q.set('lang', s.lang);
  if (s.step > 0) q.set('step', String(s.step));
  if (s.speed !== undefined && s.speed !== DEFAULT_SPEED && SPEEDS.includes(s.speed))
    q.set('speed', String(s.speed));
  if (s.context !== undefined) q.set('ctx', s.context);
  if (s.example !== undefined) q.set('example', String(s.example));
  if (s.seed !== undefined && s.seed !== DEFAULT_NAMES_SEED) q.set('nseed', String(s.seed));
  return `?${q.toString()}`;
}

import { parseDecimal } from '@unha/engine';
import { type Locale, parseState } from '../state';
import type { Dtype } from './protocol';

/**
 * What a link to the GPT lab carries: the lesson (or an experiment as `exp`, or a file kept in the
 * tab), the language, how many steps to train before showing it (`step`) and the learner's text
 * (`text`), the numbers it trains in (`dtype`, absent: the experiment's own) and `threads=1` to keep
 * float32 on one thread. A checkpoint opened from a file is not in the link (it can be tens of megabytes).
 */
export interface GptState {
  lesson: string;
  exp?: string;
  file?: string;
  lang: Locale;
  step: number;
  text?: string;
  dtype?: Dtype;
  /** 1: the float32 kernels stay on this worker's thread (absent: two where the page allows). */
  threads?: 1;
}

export function parseGptState(search: string, browserLang?: string): GptState {
  const base = parseState(search, browserLang);
  const q = new URLSearchParams(search);
  const s: GptState = { lesson: q.get('lesson') ?? '', lang: base.lang, step: 0 };
  if (base.exp) s.exp = base.exp;
  const file = q.get('file');
  if (file !== null && !base.exp) s.file = file;
  const step = parseDecimal(q.get('step') ?? '');
  if (step !== undefined && Number.isInteger(step) && step > 0) s.step = step;
  const text = q.get('text');
  if (text !== null) s.text = text.normalize('NFC');
  const dtype = q.get('dtype');
  if (dtype === 'float64' || dtype === 'float32') s.dtype = dtype;
  if (q.get('threads') === '1') s.threads = 1;
  return s;
}

export function serializeGptState(s: GptState): string {
  const q = new URLSearchParams();
  if (s.exp) q.set('exp', s.exp);
  else if (s.file !== undefined) q.set('file', s.file);
  else q.set('lesson', s.lesson);
  q.set('lang', s.lang);
  if (s.step > 0) q.set('step', String(s.step));
  if (s.text !== undefined) q.set('text', s.text);
  if (s.dtype !== undefined) q.set('dtype', s.dtype);
  if (s.threads !== undefined) q.set('threads', String(s.threads));
  return `?${q.toString()}`;
}

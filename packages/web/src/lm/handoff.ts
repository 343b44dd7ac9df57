import { encodeExperiment } from '../state';
import type { Locale } from '../state';

/**
 * An experiment opened from a file becomes a link (`?exp=` its JSON in base64url), as in the
 * regression lab. A language model's file may carry thousands of words, more than an address can hold
 * (the server refuses it, and the page would be lost): such a file is handed to the next page through
 * the tab's sessionStorage instead, and the link says `file=` its name. That link works in this tab
 * only, which the page says.
 */
const KEY = 'unha-lm-file';
/** Longest `exp=` written into an address (browsers and servers accept about 8 000 characters). */
const MAX_LINK = 6000;

export function lmFileLink(raw: unknown, name: string, lang: Locale): string {
  const json = JSON.stringify(raw);
  const exp = encodeExperiment(json);
  if (exp.length <= MAX_LINK) return `?${new URLSearchParams({ exp, lang }).toString()}`;
  sessionStorage.setItem(KEY, JSON.stringify({ name, json }));
  return `?${new URLSearchParams({ file: name, lang }).toString()}`;
}

/** The experiment a `file=` link stands for, when this tab still holds it. */
export function handedFile(name: string): { name: string; json: string } | undefined {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { name: string; json: string } | null;
    return kept && kept.name === name ? kept : undefined;
  } catch {
    return undefined;
  }
}

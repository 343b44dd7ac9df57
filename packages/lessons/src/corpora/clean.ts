/**
 * The cleaning rules of the built-in corpora, as small pure functions (CORPORA.md lists them in
 * words). A corpus word must be usable by the engine as it is: no ".", which is the boundary token,
 * and only characters the rules allow, so that the vocabulary is what the lessons say it is.
 */

/** makemore's alphabet: the English names keep the 26 letters a–z and nothing else. */
export const ENGLISH_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Accented letters of Portuguese (and the ü of "Lauro Müller"), each one character in NFC. */
export const PORTUGUESE_ACCENTED = 'áàâãçéêíóôõúü';

/** What a cleaned Brazilian city name may hold: a–z, the accented letters, space and hyphen. */
export const CITY_CHARACTERS = ENGLISH_LETTERS + PORTUGUESE_ACCENTED + ' -';

/**
 * An English first name: lower-cased, every character outside a–z dropped. In the stdlib lists that
 * drops only the hyphen of 19 double names ("Ann-Marie" → "annmarie"), as makemore's list writes
 * them. Returns "" when nothing is left (the caller skips it).
 */
export function cleanEnglishName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z]/g, '');
}

/** The apostrophe and the marks sources use in its place: ' ` ´ ’ ‘ (dropped: "d'Oeste" → "doeste"). */
const APOSTROPHES = /['`´’‘]/g;
/** A note in parentheses, as an older list writes "Barro Preto (antigo Gov. Lomanto Jr.)". */
const PARENTHESISED = /\([^)]*\)/g;

/**
 * A Brazilian municipality's name, cleaned in this order:
 * 1. NFC, so that "ã" is one character whether the source wrote it composed or as a + ◌̃;
 * 2. lower case;
 * 3. a note in parentheses removed with its parentheses;
 * 4. apostrophes dropped ("Sant'Ana do Livramento" → "santana do livramento");
 * 5. "." becomes a space ("Gov. Lomanto" → "gov lomanto"): the engine reserves "." for the boundary;
 * 6. any other character outside CITY_CHARACTERS dropped;
 * 7. runs of spaces become one, spaces beside a hyphen and at the ends removed.
 * Rules 3, 5 and 6 change nothing in today's IBGE list (the tests check it); they are there so that a
 * newer or older source cannot put a "." or an odd mark into the vocabulary.
 */
export function cleanCityName(raw: string): string {
  let s = raw.normalize('NFC').toLowerCase();
  s = s.replace(PARENTHESISED, ' ').replace(APOSTROPHES, '').replace(/\./g, ' ');
  s = [...s].filter((c) => CITY_CHARACTERS.includes(c)).join('');
  return s.replace(/ +/g, ' ').replace(/ ?- ?/g, '-').trim();
}

/**
 * Cleaned words, empty ones skipped, duplicates removed, sorted by code point (JavaScript's default
 * string order: independent of the locale, so every machine and browser gets the same list; accented
 * initials such as "á" come after "z").
 */
export function cleanList(raw: Iterable<string>, clean: (w: string) => string): string[] {
  const out = new Set<string>();
  for (const w of raw) {
    const c = clean(w);
    if (c !== '') out.add(c);
  }
  return [...out].sort();
}

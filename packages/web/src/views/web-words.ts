import { OVERRIDE_FIELDS, OVERRIDE_KEYS, type OverrideKey } from '@unha/engine';
import { formatNumber } from '@unha/explain';
import { h } from '../dom';
import type { Words } from '../i18n';
import type { Locale } from '../state';
import { commandLink } from './panels';

/**
 * A lesson's words are shared by the terminal and the lab, and they name what to change the terminal's
 * way: "(--lr 0.0001)", "--normalize". Here each such flag becomes the lab's own word for the control
 * (“LR 0,0001”, “Normalize inputs”) as a link that sets up that run; the terminal keeps its flags.
 */

const BY_FLAG = new Map(OVERRIDE_KEYS.map((k) => [OVERRIDE_FIELDS[k].flag as string, k]));

/** How a flag's value is written in prose: a number (not the sentence's full stop), a name, a list of layers. */
const VALUE: Record<string, RegExp> = {
  boolean: /^/,
  optimizer: /^ ([a-z]+)/,
  layers: /^ (\d+(?::[a-z]+)?(?:,\d+(?::[a-z]+)?)*)/,
  number: /^ (\d+(?:\.\d+)?)/,
};

function label(key: OverrideKey, value: string | undefined, w: Words, locale: Locale): string {
  const v =
    value !== undefined && /^\d/.test(value) && !value.includes(',')
      ? formatNumber(Number(value), { locale, decimals: 10 })
      : value;
  switch (key) {
    case 'lr':
      return `LR ${v}`;
    case 'normalize':
      return w.normalize;
    case 'optimizer':
      return `${w.optimizer}: ${v === 'adam' ? 'Adam' : v}`;
    case 'epochs':
      return `${w.epochs}: ${v}`;
    case 'batchSize':
      return `${w.batch}: ${v}`;
    case 'momentum':
      return `${w.momentum}: ${v}`;
    case 'layers':
      return `${w.layersWord} ${v}`;
    default:
      return `${key} ${v ?? ''}`.trim();
  }
}

/**
 * The text with every training flag as a link in the lab's words; a `unha …` command written out stays
 * a command (as code, a link when the lab can run it); anything else is left as written.
 * `links: false` gives the same words without links, for text inside an interactive element (a
 * details' summary: a link nested in it is unreachable by keyboard and confuses screen readers).
 */
export function webText(
  text: string,
  lesson: string,
  w: Words,
  locale: Locale,
  links = true,
): (string | Node)[] {
  return text.split(/(`[^`]+`)/).flatMap((part) => {
    if (!/^`.*`$/.test(part)) return flagsAsWords(part, lesson, w, locale, links);
    const command = part.slice(1, -1);
    const href = links ? commandLink(command, locale) : undefined;
    const code = h('code', {}, command);
    return [href ? h('a', { href }, code) : code];
  });
}

function flagsAsWords(
  text: string,
  lesson: string,
  w: Words,
  locale: Locale,
  links: boolean,
): (string | Node)[] {
  const out: (string | Node)[] = [];
  const flag = /--([a-z][a-z-]*)/g;
  let at = 0;
  for (let m = flag.exec(text); m; m = flag.exec(text)) {
    const key = BY_FLAG.get(m[0]);
    if (key === undefined) continue;
    const kind = OVERRIDE_FIELDS[key].kind;
    const re = VALUE[kind === 'boolean' || kind === 'optimizer' || kind === 'layers' ? kind : 'number'];
    const rest = text.slice(m.index + m[0].length);
    const v = re.exec(rest);
    if (!v) continue;
    const value = v[1];
    const command = `unha run ${lesson} ${m[0]}${value !== undefined ? ` ${value}` : ''}`;
    const href = commandLink(command, locale);
    if (!href) continue;
    const words = label(key, value, w, locale);
    out.push(
      text.slice(at, m.index),
      links ? h('a', { href, class: 'web-word' }, words) : h('span', { class: 'web-word' }, words),
    );
    at = m.index + m[0].length + v[0].length;
    flag.lastIndex = at;
  }
  out.push(text.slice(at));
  return out.filter((p) => p !== '');
}

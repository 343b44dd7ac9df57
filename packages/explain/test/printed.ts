/**
 * Reads the printed arithmetic of an explanation back: each line's links are split at " = " and every
 * link made of numbers only is parsed and computed here (a small parser of the text as a reader sees
 * it: +, −, ·, /, ², √(…), exp, ln, erf, parentheses), to compare with the printed result.
 */
import { erf } from './evaluate';

type Tok = { k: 'n'; v: number } | { k: 'o'; s: string };

function tokens(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  const numRe = /^(\d+(?:[.,]\d+)?(?:e[−-]?\d+)?)/;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ') {
      i++;
      continue;
    }
    const m = numRe.exec(s.slice(i));
    if (m) {
      out.push({ k: 'n', v: Number(m[1].replace(',', '.').replace('−', '-')) });
      i += m[1].length;
      continue;
    }
    const word = /^(exp|erf|ln)\(/.exec(s.slice(i));
    if (word) {
      out.push({ k: 'o', s: word[1] });
      i += word[1].length;
      continue;
    }
    if ('+−·/()√²'.includes(c)) {
      out.push({ k: 'o', s: c });
      i++;
      continue;
    }
    return undefined; // a letter, an ellipsis, a bracket: not a link of numbers only
  }
  return out;
}

/** Computes a link of numbers only, or undefined when it holds anything else. */
export function computePrinted(s: string): number | undefined {
  const ts = tokens(s);
  if (!ts || ts.length === 0) return undefined;
  let p = 0;
  const peek = (): string | undefined => {
    const t = ts[p];
    return t && t.k === 'o' ? t.s : undefined;
  };
  const expect = (o: string): void => {
    if (peek() !== o) throw new Error(`expected ${o} in ${s}`);
    p++;
  };
  const primary = (): number => {
    const t = ts[p];
    if (!t) throw new Error(`unexpected end of ${s}`);
    if (t.k === 'n') {
      p++;
      return t.v;
    }
    p++;
    if (t.s === '(') {
      const v = expr();
      expect(')');
      return v;
    }
    if (t.s === '√' || t.s === 'exp' || t.s === 'erf' || t.s === 'ln') {
      expect('(');
      const v = expr();
      expect(')');
      return t.s === '√' ? Math.sqrt(v) : t.s === 'exp' ? Math.exp(v) : t.s === 'ln' ? Math.log(v) : erf(v);
    }
    if (t.s === '−') return -power();
    throw new Error(`unexpected ${t.s} in ${s}`);
  };
  const power = (): number => {
    const v = primary();
    if (peek() === '²') {
      p++;
      return v * v;
    }
    return v;
  };
  const term = (): number => {
    let v = power();
    for (let o = peek(); o === '·' || o === '/'; o = peek()) {
      p++;
      const r = power();
      v = o === '·' ? v * r : v / r;
    }
    return v;
  };
  const expr = (): number => {
    let v = term();
    for (let o = peek(); o === '+' || o === '−'; o = peek()) {
      p++;
      const r = term();
      v = o === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = expr();
  if (p !== ts.length) throw new Error(`left over in ${s}`);
  return v;
}

/** The links of a printed line: the formula after the prose, split at " = " (and an update's " ← "). */
export function printedLinks(line: string): string[] {
  const body = line.includes(': ') ? line.slice(line.lastIndexOf(': ') + 2) : line;
  return body.split(/ = | ← /).map((x) => x.trim());
}

import { type NumberFormat, formatNumber } from './format';

/**
 * A small expression tree for the formulas of the explanation. One tree, two renderings: plain text
 * for the terminal and the spreadsheet (ŷ = W·x + B = 0,5·3 + 0 = 1,5), TeX for the web lab's KaTeX.
 * Numbers stay numbers until rendering, so the locale and the decimals are chosen by the reader.
 */
export type Expr =
  | { k: 'num'; v: number }
  /** A symbol: base letter(s), an optional layer number shown after it and 1-based indices. */
  | { k: 'sym'; base: string; layer?: number; idx?: (number | string)[] }
  /** ∂of/∂wrt */
  | { k: 'd'; of: Expr; wrt: Expr }
  /** An n-ary chain of one operator: a + b + c, a·b·c. */
  | { k: 'op'; op: '+' | '−' | '·'; args: Expr[] }
  | { k: 'frac'; num: Expr; den: Expr }
  | { k: 'pow'; x: Expr; p: number }
  | { k: 'sqrt'; x: Expr }
  | { k: 'fn'; f: Fn; args: Expr[] }
  /** A vector written out: [0,1; −0,3; … 5 more] (the "… 5 more" is a text item in the reader's words). */
  | { k: 'vec'; items: Expr[] }
  | { k: 'sum'; over: string; x: Expr }
  | { k: 'paren'; x: Expr }
  /** A chain of relations: F[a] = 0,41 ≤ u = 0,43 < F[b] = 0,52 (how a draw picks its character). */
  | { k: 'rel'; items: (Expr | Rel)[] }
  /** −x: the loss −ln p. */
  | { k: 'neg'; x: Expr }
  | { k: 'text'; s: string };

export type Rel = '=' | '≤' | '<';
export type Fn = 'tanh' | 'σ' | 'max' | 'exp' | 'ln' | 'erf';

export const num = (v: number): Expr => ({ k: 'num', v });
export const sym = (base: string, layer?: number, idx?: (number | string)[]): Expr => ({
  k: 'sym',
  base,
  ...(layer !== undefined && { layer }),
  ...(idx && { idx }),
});
export const d = (of: Expr, wrt: Expr): Expr => ({ k: 'd', of, wrt });
export const add = (...args: Expr[]): Expr => ({ k: 'op', op: '+', args });
export const sub = (...args: Expr[]): Expr => ({ k: 'op', op: '−', args });
export const mul = (...args: Expr[]): Expr => ({ k: 'op', op: '·', args });
export const frac = (n: Expr, den: Expr): Expr => ({ k: 'frac', num: n, den });
export const pow = (x: Expr, p: number): Expr => ({ k: 'pow', x, p });
export const sqrt = (x: Expr): Expr => ({ k: 'sqrt', x });
export const fn = (f: Fn, ...args: Expr[]): Expr => ({ k: 'fn', f, args });
export const vec = (items: Expr[]): Expr => ({ k: 'vec', items });
export const sum = (over: string, x: Expr): Expr => ({ k: 'sum', over, x });
export const paren = (x: Expr): Expr => ({ k: 'paren', x });
export const neg = (x: Expr): Expr => ({ k: 'neg', x });
export const rel = (...items: (Expr | Rel)[]): Expr => ({ k: 'rel', items });
export const text = (s: string): Expr => ({ k: 'text', s });

/** Does this expression need parentheses as an operand of `op`? */
function needsParens(e: Expr, parent: '+' | '−' | '·' | 'pow', position: number): boolean {
  if (e.k === 'num') return e.v < 0 && (position > 0 || parent === 'pow' || parent === '·');
  if (e.k === 'op') {
    if (parent === 'pow') return true;
    if (parent === '·') return e.op !== '·';
    if (parent === '−') return position > 0 && e.op !== '·';
  }
  if ((e.k === 'frac' || e.k === 'd') && parent === 'pow') return true;
  return false;
}

const SUB_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const SUB_LETTERS: Record<string, string> = { i: 'ᵢ', j: 'ⱼ', n: 'ₙ', k: 'ₖ' };
const SUP: Record<string, string> = {
  '2': '²',
  '3': '³',
  '-': '⁻',
  '1': '¹',
  '0': '⁰',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  t: 'ᵗ',
};

function plainSym(e: Extract<Expr, { k: 'sym' }>): string {
  let s = e.base + (e.layer !== undefined ? String(e.layer) : '');
  if (e.idx && e.idx.length > 0) {
    // A single small index reads well as a subscript (W₁); several become brackets (W2[1,3]).
    const one = e.idx[0];
    s +=
      e.idx.length === 1 && e.layer === undefined && typeof one === 'number' && one < 10
        ? SUB_DIGITS[one]
        : `[${e.idx.join(',')}]`;
  }
  return s;
}

export function toPlain(e: Expr, fmt: NumberFormat): string {
  const r = (x: Expr): string => toPlain(x, fmt);
  const operand = (x: Expr, parent: '+' | '−' | '·' | 'pow', i: number): string =>
    needsParens(x, parent, i) ? `(${r(x)})` : r(x);
  switch (e.k) {
    case 'num':
      return formatNumber(e.v, fmt);
    case 'sym':
      return plainSym(e);
    case 'd':
      return `∂${r(e.of)}/∂${r(e.wrt)}`;
    case 'op':
      return e.args.map((a, i) => operand(a, e.op, i)).join(e.op === '·' ? '·' : ` ${e.op} `);
    case 'frac': {
      const simple = (x: Expr): boolean =>
        x.k === 'num' || x.k === 'sym' || x.k === 'd' || x.k === 'paren' || x.k === 'fn' || x.k === 'pow';
      const n = simple(e.num) || (e.num.k === 'op' && e.num.op === '·') ? r(e.num) : `(${r(e.num)})`;
      const dd = simple(e.den) && !(e.den.k === 'num' && e.den.v < 0) ? r(e.den) : `(${r(e.den)})`;
      return `${n}/${dd}`;
    }
    case 'pow': {
      const p = String(e.p);
      const sup = [...p].every((c) => c in SUP) ? [...p].map((c) => SUP[c]).join('') : `^${p}`;
      return `${operand(e.x, 'pow', 0)}${sup}`;
    }
    case 'sqrt':
      return `√(${r(e.x)})`;
    case 'fn':
      return `${e.f}(${e.args.map(r).join('; ')})`;
    case 'vec':
      // In pt-BR the comma is the decimal separator, so items are parted by semicolons.
      return `[${e.items.map(r).join(fmt.locale === 'pt-BR' ? '; ' : ', ')}]`;
    case 'sum':
      return `Σ${[...e.over].map((c) => SUB_LETTERS[c] ?? c).join('')} ${operand(e.x, '·', 1)}`;
    case 'paren':
      return `(${r(e.x)})`;
    case 'neg':
      return e.x.k === 'op' || (e.x.k === 'num' && e.x.v < 0) ? `−(${r(e.x)})` : `−${r(e.x)}`;
    case 'rel':
      return e.items.map((x) => (typeof x === 'string' ? x : r(x))).join(' ');
    case 'text':
      return e.s;
  }
}

function texNumber(v: number, fmt: NumberFormat): string {
  // In TeX a bare comma is punctuation (adds space); {,} keeps "0{,}5" tight.
  return formatNumber(v, fmt)
    .replace(',', '{,}')
    .replace('−', '-')
    .replace('∞', '\\infty ')
    .replace(/e(-?\d+)$/, '\\times 10^{$1}');
}

const TEX_BASE: Record<string, string> = {
  ŷ: '\\hat{y}',
  λ: '\\lambda',
  β: '\\beta',
  ε: '\\varepsilon',
  μ: '\\mu',
  m̂: '\\hat{m}',
  v̂: '\\hat{v}',
  LR: '\\mathrm{LR}',
  MSE: '\\mathrm{MSE}',
  logit: '\\mathrm{logit}',
  max: '\\max',
  ℓ: '\\ell',
};

const TEX_TEXT: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
};

/** An index in TeX: numbers and ASCII letters as they are, anything else (".", "ã", "␣", "1…2") as text. */
function texIndex(i: number | string): string {
  const t = String(i);
  return /^[A-Za-z0-9]+$/.test(t)
    ? t
    : `\\text{${t.replace(/[\\{}$&#^_%~]/g, (c) => TEX_TEXT[c] ?? `\\${c}`)}}`;
}

const TEX_REL: Record<Rel, string> = { '=': '=', '≤': '\\le', '<': '<' };

const TEX_FN: Record<Fn, string> = {
  tanh: '\\tanh',
  σ: '\\sigma',
  max: '\\max',
  exp: '\\exp',
  ln: '\\ln',
  erf: '\\operatorname{erf}',
};

export function toTex(e: Expr, fmt: NumberFormat): string {
  const r = (x: Expr): string => toTex(x, fmt);
  const operand = (x: Expr, parent: '+' | '−' | '·' | 'pow', i: number): string =>
    needsParens(x, parent, i) ? `\\left(${r(x)}\\right)` : r(x);
  switch (e.k) {
    case 'num':
      return texNumber(e.v, fmt);
    case 'sym': {
      const base = (TEX_BASE[e.base] ?? e.base) + (e.layer !== undefined ? `^{(${e.layer})}` : '');
      return e.idx && e.idx.length > 0 ? `${base}_{${e.idx.map(texIndex).join(',')}}` : base;
    }
    case 'd':
      return `\\frac{\\partial ${r(e.of)}}{\\partial ${r(e.wrt)}}`;
    case 'op':
      return e.args
        .map((a, i) => operand(a, e.op, i))
        .join(e.op === '·' ? ' \\cdot ' : e.op === '+' ? ' + ' : ' - ');
    case 'frac':
      return `\\frac{${r(e.num)}}{${r(e.den)}}`;
    case 'pow':
      return `{${operand(e.x, 'pow', 0)}}^{${e.p}}`;
    case 'sqrt':
      return `\\sqrt{${r(e.x)}}`;
    case 'fn':
      return `${TEX_FN[e.f]}\\left(${e.args.map(r).join(', ')}\\right)`;
    case 'vec':
      return `\\left[${e.items.map(r).join(fmt.locale === 'pt-BR' ? ';\\ ' : ',\\ ')}\\right]`;
    case 'sum':
      return `\\sum_{${e.over}} ${operand(e.x, '·', 1)}`;
    case 'paren':
      return `\\left(${r(e.x)}\\right)`;
    case 'neg':
      return e.x.k === 'op' || (e.x.k === 'num' && e.x.v < 0) ? `-\\left(${r(e.x)}\\right)` : `-${r(e.x)}`;
    case 'rel':
      return e.items.map((x) => (typeof x === 'string' ? TEX_REL[x] : r(x))).join(' ');
    case 'text':
      return `\\text{${e.s.replace(/[{}\\]/g, '')}}`;
  }
}

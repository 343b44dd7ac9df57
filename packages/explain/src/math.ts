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
  | { k: 'fn'; f: 'tanh' | 'σ' | 'max' | 'exp'; args: Expr[] }
  | { k: 'sum'; over: string; x: Expr }
  | { k: 'paren'; x: Expr }
  | { k: 'text'; s: string };

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
export const fn = (f: 'tanh' | 'σ' | 'max' | 'exp', ...args: Expr[]): Expr => ({ k: 'fn', f, args });
export const sum = (over: string, x: Expr): Expr => ({ k: 'sum', over, x });
export const paren = (x: Expr): Expr => ({ k: 'paren', x });
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
    case 'sum':
      return `Σ${[...e.over].map((c) => SUB_LETTERS[c] ?? c).join('')} ${operand(e.x, '·', 1)}`;
    case 'paren':
      return `(${r(e.x)})`;
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
      return e.idx && e.idx.length > 0 ? `${base}_{${e.idx.join(',')}}` : base;
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
      return `${e.f === 'σ' ? '\\sigma' : e.f === 'max' ? '\\max' : e.f === 'exp' ? '\\exp' : '\\tanh'}\\left(${e.args.map(r).join(', ')}\\right)`;
    case 'sum':
      return `\\sum_{${e.over}} ${operand(e.x, '·', 1)}`;
    case 'paren':
      return `\\left(${r(e.x)}\\right)`;
    case 'text':
      return `\\text{${e.s.replace(/[{}\\]/g, '')}}`;
  }
}

import type { Formula } from '@unha/engine';
import type { Expr } from './math';

/**
 * An engine formula (the activation table's f(z) and ∂a/∂z) as an expression of the explanation,
 * with the symbols z and a replaced: by symbols such as z1[2] for the symbolic line, by numbers for
 * the arithmetic. An indicator such as [z>0] stays a symbol, or becomes `value` (its 0 or 1) when
 * numbers are put in. One reading of the table: no copy of any activation's rule lives here.
 */
export function formulaExpr(f: Formula, vars: { z: Expr; a: Expr }, value?: number): Expr {
  const r = (x: Formula): Expr => formulaExpr(x, vars, value);
  switch (f.k) {
    case 'num':
      return f;
    case 'sym':
      if (f.indicator) return value === undefined ? { k: 'sym', base: f.base } : { k: 'num', v: value };
      return f.base === 'z' ? vars.z : f.base === 'a' ? vars.a : { k: 'sym', base: f.base };
    case 'op':
      return { k: 'op', op: f.op, args: f.args.map(r) };
    case 'pow':
      return { k: 'pow', x: r(f.x), p: f.p };
    case 'paren':
      return { k: 'paren', x: r(f.x) };
    case 'fn':
      return { k: 'fn', f: f.f, args: f.args.map(r) };
  }
}

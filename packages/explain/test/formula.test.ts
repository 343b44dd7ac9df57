/**
 * The explanation reads each activation's formula from the engine's table (formulaExpr): rendered,
 * it must say what the table's plain text says, and put numbers where the symbols were.
 */
import { activationTable } from '@unha/engine';
import { describe, expect, test } from 'vitest';
import { formulaExpr } from '../src/formula';
import { num, sym, toPlain, toTex } from '../src/math';

const en = { locale: 'en' as const, decimals: 4 };

describe('formulaExpr', () => {
  const vars = { z: sym('z'), a: sym('a') };

  test('renders the derivative the table writes as plain text', () => {
    // tanh's tree carries the parentheses it needs as a factor: (1 − a²).
    expect(toPlain(formulaExpr(activationTable.tanh.derivativeExpr, vars), en)).toBe(
      `(${activationTable.tanh.derivativeText})`,
    );
    expect(toPlain(formulaExpr(activationTable.sigmoid.derivativeExpr, vars), en)).toBe(
      activationTable.sigmoid.derivativeText,
    );
    expect(toPlain(formulaExpr(activationTable.tanh.expr, vars), en)).toBe(activationTable.tanh.text);
    // The explanation separates arguments with ';' (a decimal comma would be ambiguous in pt-BR).
    expect(toPlain(formulaExpr(activationTable.relu.expr, vars), en)).toBe(
      activationTable.relu.text.replace(', ', '; '),
    );
  });

  test('puts numbers in: 1 − 0.6² and, for relu, the indicator value itself', () => {
    const n = { z: num(0.5), a: num(0.6) };
    expect(toPlain(formulaExpr(activationTable.tanh.derivativeExpr, n), en)).toBe('(1 − 0.6²)');
    expect(toTex(formulaExpr(activationTable.sigmoid.derivativeExpr, n), en)).toBe(
      '0.6 \\cdot \\left(1 - 0.6\\right)',
    );
    expect(toPlain(formulaExpr(activationTable.relu.derivativeExpr, vars), en)).toBe('[z>0]');
    expect(toPlain(formulaExpr(activationTable.relu.derivativeExpr, n, 1), en)).toBe('1');
    // identity: a = z, the symbol given for z.
    expect(formulaExpr(activationTable.identity.expr, { z: sym('z', 2), a: sym('a') })).toEqual(sym('z', 2));
  });
});

/**
 * The activation table is the one place each activation's rule is written (read by the ops, the
 * explanation and the sheet). Its derivative is checked against central finite differences of its
 * own forward function, and against numbers worked out by hand.
 */
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS } from '../src/experiment';
import { activationTable } from '../src/nn/activation-table';
import { opRegistry } from '../src/ops/index';

describe('activation table', () => {
  test.each(ACTIVATIONS)('%s: the derivative equals (f(z+h) − f(z−h))/2h', (name) => {
    const rule = activationTable[name];
    expect(rule.name).toBe(name);
    const h = 1e-6;
    // Away from relu's kink at 0, where no derivative exists.
    for (const z of [-3, -0.7, -0.01, 0.02, 0.5, 2.5]) {
      const numeric = (rule.forward(z + h) - rule.forward(z - h)) / (2 * h);
      expect(Math.abs(rule.derivative(z, rule.forward(z)) - numeric), `${name} at ${z}`).toBeLessThan(1e-8);
    }
  });

  test('hand values: tanh(ln 2) = 0,6 with 1 − 0,36 = 0,64; σ(ln 3) = 0,75 with 0,75·0,25; relu at 0 takes 0', () => {
    const t = activationTable.tanh;
    expect(t.forward(Math.LN2)).toBeCloseTo(0.6, 15);
    expect(t.derivative(Math.LN2, 0.6)).toBeCloseTo(0.64, 15);
    const s = activationTable.sigmoid;
    expect(s.forward(Math.log(3))).toBeCloseTo(0.75, 15);
    expect(s.derivative(0, 0.75)).toBe(0.1875);
    expect(activationTable.relu.derivative(0, 0)).toBe(0);
    expect(activationTable.identity.derivative(5, 5)).toBe(1);
  });

  test('the spreadsheet templates put the given cell references in', () => {
    expect(activationTable.tanh.sheet.forward('B2')).toBe('TANH(B2)');
    expect(activationTable.tanh.sheet.derivative('B2', 'C2')).toBe('1-C2^2');
    expect(activationTable.sigmoid.sheet.derivative('B2', 'C2')).toBe('C2*(1-C2)');
    expect(activationTable.relu.sheet.forward('B2')).toBe('MAX(0,B2)');
    expect(activationTable.relu.sheet.derivative('B2', 'C2')).toBe('IF(B2>0,1,0)');
    expect(activationTable.identity.sheet.forward('B2')).toBe('B2');
  });

  test('the op glossary states the rules the table holds', () => {
    expect(opRegistry.tanh.backward).toBe('∂L/∂z = ∂L/∂a · (1 − a²)');
    expect(opRegistry.sigmoid.backward).toBe('∂L/∂z = ∂L/∂a · a·(1 − a)');
    expect(opRegistry.relu.forward).toBe('a = max(0, z)');
  });
});

import { validateExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { renderIssue } from '../src/index';

describe('validation issues in the user language', () => {
  const r = validateExperiment({
    data: { inputs: [[1]], targets: [[2]] },
    model: { layers: [{ units: 1, activation: 'gelu' }], init: { W1: [[1, 2]], b1: [0] } },
    optimizer: { name: 'sgd', lr: '0.1' },
    epochs: 3,
  });
  if (r.ok) throw new Error('expected issues');
  it('names the file, the field path, what was found and what was expected (en)', () => {
    const lines = r.issues.map((i) => renderIssue(i, 'exp.json', 'en'));
    expect(lines).toContain(
      'exp.json: model.layers[0].activation has an unknown value: "gelu"; expected one of: identity, relu, tanh, sigmoid',
    );
    expect(lines).toContain('exp.json: optimizer.lr has the wrong type: "0.1"; expected number');
  });
  it('in Portuguese too', () => {
    const lines = r.issues.map((i) => renderIssue(i, 'exp.json', 'pt-BR'));
    expect(lines).toContain(
      'exp.json: model.layers[0].activation tem um valor desconhecido: "gelu"; esperado um de: identity, relu, tanh, sigmoid',
    );
    expect(lines).toContain('exp.json: optimizer.lr tem o tipo errado: "0.1"; esperado número');
  });
  it('CSV issues carry line and column', () => {
    expect(
      renderIssue({ code: 'csv_value', path: [], line: 4, column: 'b', received: '"x"' }, 'd.csv', 'pt-BR'),
    ).toBe('d.csv:4 (coluna b): o valor não é um número: "x"');
  });
});

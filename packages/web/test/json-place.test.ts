import { describe, expect, it } from 'vitest';
import { placeAt, placeOfPath, syntaxError } from '../src/json-place';

/** Lines and columns counted by hand in the texts below (1-based, as an editor shows them). */
describe('where a JSON text goes wrong', () => {
  it('counts lines and columns as an editor does', () => {
    expect(placeAt('ab\ncd', 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(placeAt('ab\ncd', 4)).toEqual({ offset: 4, line: 2, column: 2 });
  });

  it('a missing comma: the place of the next field, line 3 column 3', () => {
    const text = '{\n  "epochs": 5\n  "seed": 1\n}';
    expect(syntaxError(text)).toEqual({ place: { offset: 18, line: 3, column: 3 }, problem: 'comma' });
  });

  it('a trailing comma, an unclosed string, a comment, a bare word', () => {
    expect(syntaxError('{"a": [1, 2,]}')?.problem).toBe('value');
    expect(syntaxError('{"a": "x}')?.problem).toBe('string');
    expect(syntaxError('{\n// no\n"a": 1}')).toMatchObject({
      problem: 'comment',
      place: { line: 2, column: 1 },
    });
    expect(syntaxError("{'a': 1}")).toMatchObject({ place: { line: 1, column: 2 } });
  });

  it('valid JSON has no syntax error', () => {
    expect(syntaxError('{"a": [1, 2]}')).toBeUndefined();
  });

  it('finds a field by its path, or the object that should hold it', () => {
    const text =
      '{\n  "model": {\n    "layers": [\n      { "units": 1, "activation": "softplus" }\n    ]\n  }\n}';
    expect(placeOfPath(text, ['model', 'layers', 0, 'activation'])).toMatchObject({ line: 4, column: 35 });
    expect(placeOfPath(text, ['model', 'init'])).toMatchObject({ line: 2, column: 12 });
    expect(placeOfPath('{"a": ', ['a'])).toMatchObject({ line: 1, column: 1 });
  });
});

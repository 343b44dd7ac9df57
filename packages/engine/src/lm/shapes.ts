import type { Issue } from '../errors';
import { LIMITS } from '../limits';
import { lmParamShapes, resolveLayers } from './model';
import type { LmExperiment } from './types';

/**
 * What can only be checked once the vocabulary is known (V = its size): the model's output has V values,
 * an embedding alone is a V×V table, the initial values have the shapes of the parameters, and the
 * parameters fit the engine's limits.
 */
export function checkLmShapes(exp: LmExperiment, vocabSize: number): Issue[] {
  const issues: Issue[] = [];
  const ls = exp.model.layers;
  if (ls[0].type === 'counts') return issues;
  const last = ls[ls.length - 1];
  if (ls.length === 1 && last.type === 'embedding') {
    if (last.dim !== 'vocab' && last.dim !== vocabSize)
      issues.push({
        code: 'shape',
        path: ['model', 'layers', 0, 'dim'],
        expected: { key: 'bigramTable', n: vocabSize },
        received: String(last.dim),
      });
  } else if (last.type === 'dense' && last.units !== 'vocab' && last.units !== vocabSize) {
    issues.push({
      code: 'shape',
      path: ['model', 'layers', ls.length - 1, 'units'],
      expected: { key: 'outputVocab', n: vocabSize },
      received: String(last.units),
    });
  }
  if (issues.length > 0) return issues;
  const shapes = lmParamShapes(resolveLayers(ls, vocabSize), vocabSize, exp.data.context);
  const total = shapes.reduce((s, [, sh]) => s + sh.reduce((a, b) => a * b, 1), 0);
  if (total > LIMITS.parameters)
    issues.push({
      code: 'too_large',
      path: ['model', 'layers'],
      expected: { key: 'limit', what: 'parameters', limit: LIMITS.parameters, needed: total },
    });
  const init = exp.model.init;
  if ('seed' in init && typeof init.seed === 'number') return issues;
  const values = init as Record<string, unknown>;
  const names = shapes.map(([n]) => n);
  for (const name of Object.keys(values))
    if (!names.includes(name))
      issues.push({
        code: 'unknown_field',
        path: ['model', 'init', name],
        expected: { key: 'fields', values: names },
      });
  for (const [name, shape] of shapes) {
    const v = values[name] as number[] | number[][] | undefined;
    const path = ['model', 'init', name];
    if (v === undefined) {
      issues.push({
        code: 'missing',
        path,
        expected:
          shape.length === 2
            ? { key: 'weightShape', rows: shape[0], cols: shape[1] }
            : { key: 'numberArray', n: shape[0] },
      });
      continue;
    }
    if (shape.length === 2) {
      const m = v as number[][];
      if (!Array.isArray(m[0]) || m.length !== shape[0] || m[0].length !== shape[1])
        issues.push({
          code: 'shape',
          path,
          expected: {
            key: 'weightShape',
            rows: shape[0],
            cols: shape[1],
            ...(name !== 'E' && { layer: Number(name.slice(1)) }),
          },
          found: Array.isArray(m[0])
            ? { key: 'weightShape', rows: m.length, cols: m[0].length }
            : { key: 'numberArray', n: m.length },
        });
    } else if (Array.isArray(v[0]) || v.length !== shape[0]) {
      issues.push({
        code: 'shape',
        path,
        expected: { key: 'numberArray', n: shape[0] },
        found: { key: 'count', n: v.length, of: 'values' },
      });
    }
  }
  return issues;
}

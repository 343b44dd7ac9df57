import type { Expected, Issue, PathPart } from './errors';

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key the object has itself: `constructor` or `__proto__` in a file is a field like any other. */
export const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

/**
 * A value from the file as it is shown in a message: JSON, cut at 40 characters, with the characters
 * that would reorder or hide the rest of the line (bidirectional controls) written as escapes.
 */
export function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  const cut = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return cut.replace(
    /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export interface NumOptions {
  int?: boolean;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
}

/**
 * Collects issues while a file is checked: every problem is reported, each with its path, what was
 * expected (a key the locales word) and what was found.
 */
export class Checker {
  readonly issues: Issue[] = [];

  bad(path: PathPart[], code: Issue['code'], expected?: Expected, received?: unknown): void {
    this.issues.push({
      code,
      path,
      ...(expected !== undefined && { expected }),
      ...(received !== undefined && { received: show(received) }),
    });
  }

  /** A size found where another was expected ("2 values" for "3 values"): both worded by the locales. */
  size(path: PathPart[], code: 'ragged' | 'shape', expected: Expected, found: Expected): void {
    this.issues.push({ code, path, expected, found });
  }

  num(v: unknown, path: PathPart[], opts: NumOptions = {}): number | undefined {
    const kind: Expected = { key: opts.int ? 'integer' : 'number' };
    if (v === undefined) return void this.bad(path, 'missing', kind);
    if (typeof v !== 'number') return void this.bad(path, 'wrong_type', kind, v);
    if (!Number.isFinite(v)) return void this.bad(path, 'not_finite', { key: 'finiteNumber' }, v);
    if (opts.int && !Number.isInteger(v)) return void this.bad(path, 'not_integer', { key: 'integer' }, v);
    if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min))
      return void this.bad(
        path,
        'out_of_range',
        { key: 'bound', op: opts.exclusiveMin ? '>' : '≥', value: opts.min },
        v,
      );
    if (opts.max !== undefined && v > opts.max)
      return void this.bad(path, 'out_of_range', { key: 'bound', op: '≤', value: opts.max }, v);
    return v;
  }

  /** Each element a finite number; true when all are. */
  numbers(v: unknown[], path: PathPart[]): boolean {
    let ok = true;
    v.forEach((x: unknown, j) => {
      if (typeof x !== 'number') {
        ok = false;
        this.bad([...path, j], 'wrong_type', { key: 'number' }, x);
      } else if (!Number.isFinite(x)) {
        ok = false;
        this.bad([...path, j], 'not_finite', { key: 'finiteNumber' }, x);
      }
    });
    return ok;
  }

  /** Rows of finite numbers, all of the same length. */
  matrix(v: unknown, path: PathPart[]): number[][] | undefined {
    if (v === undefined) return void this.bad(path, 'missing', { key: 'rows' });
    if (!Array.isArray(v)) return void this.bad(path, 'wrong_type', { key: 'rows' }, v);
    if (v.length === 0) return void this.bad(path, 'empty', { key: 'atLeastOne', what: 'row' });
    let ok = true;
    let width = -1;
    v.forEach((row: unknown, i) => {
      if (!Array.isArray(row)) {
        ok = false;
        return this.bad([...path, i], 'wrong_type', { key: 'numberArray' }, row);
      }
      if (row.length === 0) {
        ok = false;
        return this.bad([...path, i], 'empty', { key: 'atLeastOne', what: 'number' });
      }
      if (width === -1) width = row.length;
      else if (row.length !== width) {
        ok = false;
        this.size(
          [...path, i],
          'ragged',
          { key: 'count', n: width, of: 'values' },
          { key: 'count', n: row.length, of: 'values' },
        );
      }
      if (!this.numbers(row, [...path, i])) ok = false;
    });
    return ok ? (v as number[][]) : undefined;
  }
}

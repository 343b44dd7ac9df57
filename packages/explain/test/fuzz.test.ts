/**
 * An in-process fuzzer over every lesson's experiment: a few hundred mutants (wrong types, huge and
 * odd numbers, NaN and Infinity as text, deep nesting, Object.prototype's names as keys, control and
 * bidirectional characters), each either a valid experiment that trains a few epochs without throwing
 * (diverging is an outcome) or issues that render in both languages with their path. Never a thrown
 * error. Seeded with the project's Rng, so a failure names a mutant that can be rebuilt.
 */
import { type Issue, Rng, Trainer, formatPath, validateExperiment } from '@unha/engine';
import { lessons } from '@unha/lessons';
import { describe, expect, test } from 'vitest';
import { renderIssue } from '../src/index';

type Json = unknown;
type Path = (string | number)[];

const nested = (depth: number): Json => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

/** Replacement values, from plain wrong types to the sizes and characters that crashed us before. */
const VALUES: (() => Json)[] = [
  // plausible values, so that many mutants still validate and train
  () => 2,
  () => 0.5,
  () => 1e-3,
  () => 100,
  () => 'relu',
  () => 'adam',
  () => null,
  () => true,
  () => 'x',
  () => 'NaN',
  () => 'Infinity',
  () => '1e999',
  () => '\u0000\u0007\u001b[31m\u202eevil\u2066',
  () => [],
  () => ({}),
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => -0,
  () => -1,
  () => 0,
  () => 1.5,
  () => 1e8,
  () => 2 ** 31,
  () => 2 ** 32,
  () => 2 ** 53,
  () => 1e21,
  () => 1e308,
  () => Number.MIN_VALUE,
  () => nested(64),
  () => nested(20_000),
  () => [[1e308, -1e308]],
  () => ({ units: 1e9, activation: 'tanh' }),
  () => JSON.parse('{"__proto__": {"units": 3}}') as Json,
];
const PLAUSIBLE = 6;
const MUTANTS = 40;
const KEYS = [
  'constructor',
  'toString',
  'hasOwnProperty',
  '__proto__',
  'valueOf',
  'zzz',
  '',
  'a b',
  '\u202eevil\u0007',
];

/** A short description of a value (JSON.stringify recurses: a very deep value is only named). */
function describeValue(v: Json): string {
  try {
    return String(JSON.stringify(v)).slice(0, 30);
  } catch {
    return '(deeply nested)';
  }
}

/** Every path to a value inside `root` (objects and arrays included), walked without recursion. */
function paths(root: Json): Path[] {
  const out: Path[] = [];
  const stack: [Json, Path][] = [[root, []]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    out.push(p);
    // Places inside an already deep value or a long row add nothing new: not walked.
    if (p.length >= 6) continue;
    if (Array.isArray(v)) v.slice(0, 8).forEach((x, i) => stack.push([x, [...p, i]]));
    else if (typeof v === 'object' && v !== null)
      for (const k of Object.keys(v)) stack.push([(v as Record<string, Json>)[k], [...p, k]]);
  }
  return out;
}

function at(root: Json, p: Path): Json {
  let v = root;
  for (const k of p) v = (v as Record<string | number, Json>)[k];
  return v;
}

/** Sets a value as an own data property (so that "__proto__" is a key, as JSON.parse makes it). */
function put(target: Json, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One to three mutations of a copy of the experiment, each at a random place. */
function mutate(exp: Json, rng: Rng): { value: Json; what: string[] } {
  const value = structuredClone(exp);
  const what: string[] = [];
  // Half the mutants only take plausible values, so that many still validate and reach the trainer.
  const plausible = rng.next() < 0.5;
  const values = plausible ? VALUES.slice(0, PLAUSIBLE) : VALUES;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const n = rng.next() < 0.6 ? 1 : 2 + Math.floor(rng.next() * 2);
  for (let m = 0; m < n; m++) {
    const all = paths(value).filter((p) => p.length > 0);
    const p = pick(all);
    const parent = at(value, p.slice(0, -1));
    const key = p[p.length - 1];
    const kind = plausible ? 0 : rng.next();
    if (kind < 0.6) {
      const v = pick(values)();
      put(parent, key, v);
      what.push(`${formatPath(p)} = ${describeValue(v)}`);
    } else if (kind < 0.7 && !Array.isArray(parent)) {
      delete (parent as Record<string, Json>)[key];
      what.push(`delete ${formatPath(p)}`);
    } else if (kind < 0.85) {
      const objects = paths(value).filter((q) => {
        const v = at(value, q);
        return typeof v === 'object' && v !== null && !Array.isArray(v);
      });
      const q = pick(objects);
      const k = pick(KEYS);
      put(at(value, q), k, pick(values)());
      what.push(`${formatPath([...q, k])} added`);
    } else if (Array.isArray(parent)) {
      // Duplicate or drop an element: ragged rows, layer counts that no longer fit.
      if (rng.next() < 0.5) parent.push(parent[0]);
      else parent.pop();
      what.push(`resize ${formatPath(p.slice(0, -1))}`);
    } else {
      put(parent, key, describeValue(at(value, p)));
      what.push(`${formatPath(p)} as text`);
    }
  }
  return { value, what };
}

/** A mutant's outcome: a short run, or issues that render with their path in both languages. */
function outcome(raw: Json): 'trained' | 'diverged' | 'refused' {
  const r = validateExperiment(raw);
  if (r.ok) {
    // A few epochs are enough to reach every allocation and op; the rest repeats them.
    const trace = new Trainer({ ...r.value, epochs: Math.min(r.value.epochs, 3) }, { trace: 'epochs' }).run();
    return trace.diverged ? 'diverged' : 'trained';
  }
  expect(r.issues.length).toBeGreaterThan(0);
  for (const issue of r.issues) checkIssue(issue);
  return 'refused';
}

/** A control (below U+0020) or bidirectional-formatting character. */
const unsafe = (text: string): boolean =>
  [...text].some((c) => {
    const k = c.codePointAt(0)!;
    return k < 0x20 || (k >= 0x202a && k <= 0x202e) || (k >= 0x2066 && k <= 0x2069);
  });

function checkIssue(issue: Issue): void {
  expect(Array.isArray(issue.path)).toBe(true);
  const where = formatPath(issue.path);
  for (const locale of ['en', 'pt-BR'] as const) {
    const text = renderIssue(issue, 'exp.json', locale);
    expect(text.startsWith(`exp.json: ${where} `), text).toBe(true);
    // No raw control or bidirectional character reaches a terminal through a message.
    expect(unsafe(text), text).toBe(false);
  }
}

describe('fuzzing every lesson’s experiment', () => {
  test('each mutant trains, diverges or is refused with issues that render; none throws', () => {
    const rng = new Rng(20261130);
    const counts = { trained: 0, diverged: 0, refused: 0 };
    for (const lesson of lessons) {
      for (let k = 0; k < MUTANTS; k++) {
        const { value, what } = mutate(lesson.experiment, rng);
        let result: keyof typeof counts;
        try {
          result = outcome(value);
        } catch (e) {
          throw new Error(`${lesson.id} mutant ${k} (${what.join('; ')}) threw`, { cause: e });
        }
        counts[result]++;
      }
    }
    console.log(`fuzz: ${JSON.stringify(counts)}`);
    // Every kind of outcome is reached, so the fuzzer is not only testing the validator's front door.
    expect(counts.refused).toBeGreaterThan(100);
    expect(counts.trained + counts.diverged).toBeGreaterThan(50);
    expect(counts.trained + counts.diverged + counts.refused).toBe(lessons.length * MUTANTS);
  });
});

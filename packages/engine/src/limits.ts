import type { Checker } from './check';
import type { Issue, PathPart } from './errors';
import type { LayerSpec } from './experiment';

/**
 * Sizes a file may ask for, checked before anything is allocated (docs/experiment-fields.md, "Limits").
 * Without them a layer of 10⁸ units or a model file with 10⁹ inputs is accepted and the process dies
 * of heap exhaustion. Each is far above every lesson (at most 321 parameters, 160 activations per
 * step, 321 000 recorded numbers) and far below what a 2-core, 24 GB machine (or a browser tab) holds:
 * one float64 is 8 bytes, so 10⁶ numbers are 8 MB and 10⁸ are 800 MB.
 */
export const LIMITS = {
  /** Weights and biases of the whole network. */
  parameters: 1_000_000,
  /** Numbers one layer holds in one step: examples in the step × the widest layer (or input row). */
  activations: 1_000_000,
  /** Parameters kept by the trace, one copy after every epoch: epochs × parameters. */
  recorded: 100_000_000,
  /** Cells of a CSV file: rows × columns. */
  cells: 1_000_000,
  /** Nesting of arrays and objects: the deepest field of a model file is 5 levels down. */
  depth: 16,
} as const;

/** Parameters of a dense network: each layer has units × fan-in weights and units biases. */
export function parameterCount(inputs: number, layers: readonly Pick<LayerSpec, 'units'>[]): number {
  let n = 0;
  let fanIn = inputs;
  for (const l of layers) {
    n += l.units * fanIn + l.units;
    fanIn = l.units;
  }
  return n;
}

/**
 * The first place where arrays and objects nest deeper than `limit`, walked with an explicit stack
 * (not recursion: a value nested 10⁵ deep must not exhaust the call stack while being checked). The
 * path stops at the first level beyond the limit.
 */
export function depthIssue(root: unknown, limit: number = LIMITS.depth): Issue | undefined {
  interface Frame {
    value: object;
    depth: number;
    parent: Frame | undefined;
    key: PathPart;
  }
  const pathOf = (f: Frame): PathPart[] => {
    const path: PathPart[] = [];
    for (let g: Frame | undefined = f; g?.parent; g = g.parent) path.push(g.key);
    return path.reverse();
  };
  if (typeof root !== 'object' || root === null) return undefined;
  const stack: Frame[] = [{ value: root, depth: 1, parent: undefined, key: '' }];
  // Seen objects are not walked twice (a value built in code may share, or even contain, itself).
  const seen = new Set<object>();
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.depth > limit)
      return {
        code: 'too_deep',
        path: pathOf(f),
        expected: { key: 'limit', what: 'depth', limit },
      };
    if (seen.has(f.value)) continue;
    seen.add(f.value);
    const push = (key: PathPart, v: unknown): void => {
      if (typeof v === 'object' && v !== null) stack.push({ value: v, depth: f.depth + 1, parent: f, key });
    };
    // A data matrix has rows of plain numbers: only arrays and objects are pushed.
    if (Array.isArray(f.value)) for (let i = 0; i < f.value.length; i++) push(i, f.value[i]);
    else for (const key of Object.keys(f.value)) push(key, (f.value as Record<string, unknown>)[key]);
  }
  return undefined;
}

/**
 * The sizes a run would allocate, against LIMITS, before anything is allocated: the parameters, the
 * values of one layer in one step, and the parameters the trace keeps after every epoch.
 */
export function sizeLimits(
  c: Checker,
  layers: LayerSpec[],
  nIn: number,
  rows: { perStep: number; validation: number },
  epochs: number | undefined,
): boolean {
  const params = parameterCount(nIn, layers);
  if (params > LIMITS.parameters) {
    // Named at the layer with the most parameters (units × (fan-in + 1)).
    const perLayer = layers.map((l, i) => l.units * ((i === 0 ? nIn : layers[i - 1].units) + 1));
    const biggest = perLayer.indexOf(Math.max(...perLayer));
    c.bad(['model', 'layers', biggest, 'units'], 'too_large', {
      key: 'limit',
      what: 'parameters',
      limit: LIMITS.parameters,
      needed: params,
    });
    return false;
  }
  const widest = layers.reduce((w, l, i) => (l.units > layers[w].units ? i : w), 0);
  const width = Math.max(nIn, layers[widest].units);
  const activations = Math.max(rows.perStep, rows.validation) * width;
  if (activations > LIMITS.activations) {
    c.bad(
      nIn >= layers[widest].units ? ['data', 'inputs'] : ['model', 'layers', widest, 'units'],
      'too_large',
      {
        key: 'limit',
        what: 'activations',
        limit: LIMITS.activations,
        needed: activations,
      },
    );
    return false;
  }
  if (epochs !== undefined && epochs * params > LIMITS.recorded) {
    c.bad(['epochs'], 'too_large', {
      key: 'limit',
      what: 'recorded',
      limit: LIMITS.recorded,
      needed: epochs * params,
    });
    return false;
  }
  return true;
}

import {
  type EpochTrace,
  type Experiment,
  type LayerSpec,
  type NodeTrace,
  type ParamUpdate,
  type StepReader,
  type StepTrace,
  type Trace,
  stepReader,
} from '@unha/engine';
import type { ExplainLine } from '../doc';
import type { ExplainOptions } from '../explain';
import { type Messages, messages } from '../locales/index';
import { type Expr, sym } from '../math';
import { type Notation, notation } from '../notation';

export const L = sym('L');
export const LR = sym('LR');

/** Which rows of a range are written out (0-based) and how many are left out. */
export interface Picked {
  shown: number[];
  hidden: number;
}

/** Which rows of a shown range: all up to `max`, or the chosen one. */
function pick(count: number, chosen: number | undefined, max: number): Picked {
  if (chosen !== undefined) return { shown: [Math.min(Math.max(chosen, 1), count) - 1], hidden: 0 };
  const k = Math.min(count, max);
  return { shown: Array.from({ length: k }, (_, i) => i), hidden: count - k };
}

/**
 * What every section of one epoch's explanation reads: the step, its nodes found by label, the
 * notation, which examples, layers and units are shown, and whether anything was left out.
 */
export interface EpochContext {
  trace: Trace;
  epoch: number;
  opts: ExplainOptions;
  m: Messages;
  ep: EpochTrace;
  /** 1-based step inside the epoch, clamped to the steps it has. */
  stepIndex: number;
  step: StepTrace;
  nodes: NodeTrace[];
  updates: ParamUpdate[];
  byLabel: Map<string, NodeTrace>;
  /** The step's nodes by role and layer (the engine's reader): prefer it to labels. */
  reader: StepReader;
  /** The node with this label; throws when the trace has none. */
  node: (label: string) => NodeTrace;
  exp: Experiment;
  layers: LayerSpec[];
  /** Number of layers, examples in the batch, outputs per example. */
  nL: number;
  N: number;
  K: number;
  nt: Notation;
  maxEx: number;
  maxUnits: number;
  examples: Picked;
  /** The 1-based layers shown (all, or the chosen one). */
  layerList: number[];
  /** The units of layer l shown. */
  units: (l: number) => Picked;
  zNode: (l: number) => NodeTrace;
  aNode: (l: number) => NodeTrace;
  outNode: (l: number) => NodeTrace;
  inNode: (l: number) => NodeTrace;
  /** Value and gradient of a node at row r (example), column c (unit). */
  at: (n: NodeTrace, r: number, c: number) => number;
  gat: (n: NodeTrace, r: number, c: number) => number;
  /** How many values enter each unit of layer l. */
  fanIn: (l: number) => number;
  param: (name: string) => NodeTrace;
  /** The symbol of the i-th value entering layer l (a number i, or an index name such as 'i'). */
  input: (l: number, i: number | string) => Expr;
  /** Set when something is left out to keep the text readable ("… and 5 more"). */
  partial: boolean;
  /** A note saying what was left out; marks the document partial. */
  more: (text: string) => ExplainLine;
  exampleHeader: (n: number) => ExplainLine[];
  moreExamples: () => ExplainLine[];
}

export function epochContext(trace: Trace, epoch: number, opts: ExplainOptions): EpochContext {
  const m = messages(opts.locale);
  const ep = trace.epochs[epoch - 1];
  if (!ep) throw new RangeError(m.notRun(epoch, trace.epochs.length));
  const stepIndex = Math.min(Math.max(opts.step ?? 1, 1), ep.steps.length);
  const step: StepTrace = ep.steps[stepIndex - 1];
  if (!step.nodes || !step.updates) throw new RangeError(m.noFullTrace(epoch));
  const nodes = step.nodes;
  const byLabel = new Map<string, NodeTrace>();
  for (const n of nodes) if (n.label) byLabel.set(n.label, n);
  const node = (label: string): NodeTrace => {
    const n = byLabel.get(label);
    if (!n) throw new Error(`explain: no node '${label}' in the trace of epoch ${epoch}`);
    return n;
  };
  const exp = trace.experiment;
  const layers = exp.model.layers;
  const nL = layers.length;
  const N = step.batch.length;
  const nt = notation(exp);
  // A single neuron is shown whole; a network one example and a few units at a time (never a wall of text).
  const totalUnits = layers.reduce((t, l) => t + l.units, 0);
  const maxEx = opts.maxExamples ?? (nt.simple ? 4 : totalUnits <= 4 ? 2 : 1);
  const maxUnits = opts.maxUnits ?? (nt.simple ? 3 : 2);
  const examples = pick(N, opts.example, maxEx);

  // Nodes of layer l by role, through the engine's step reader: z (weighted sum), a (after
  // activation), the value passed on (after dropout).
  const reader = stepReader(step, layers);
  const found = (n: NodeTrace | undefined, what: string): NodeTrace => {
    if (!n) throw new Error(`explain: no node '${what}' in the trace of epoch ${epoch}`);
    return n;
  };
  const zNode = (l: number): NodeTrace => found(reader.z(l), `z${l}`);
  const aNode = (l: number): NodeTrace => found(reader.a(l), `a${l}`);
  const outNode = (l: number): NodeTrace => found(reader.out(l), `a${l}`);
  const width = (n: NodeTrace): number => n.shape[1] ?? 1;
  // With dropout on layer l − 1, layer l reads the masked values d(l−1)[i], not a(l−1)[i].
  const masked = (l: number): boolean => l > 1 && reader.mask(l - 1) !== undefined;

  const ctx: EpochContext = {
    trace,
    epoch,
    opts,
    m,
    ep,
    stepIndex,
    step,
    nodes,
    updates: step.updates,
    byLabel,
    reader,
    node,
    exp,
    layers,
    nL,
    N,
    K: exp.data.targets[0].length,
    nt,
    maxEx,
    maxUnits,
    examples,
    layerList: opts.layer ? [Math.min(Math.max(opts.layer, 1), nL)] : layers.map((_, i) => i + 1),
    units: (l) => pick(layers[l - 1].units, opts.unit, maxUnits),
    zNode,
    aNode,
    outNode,
    inNode: (l) => found(reader.input(l), l === 1 ? 'x' : `a${l - 1}`),
    at: (n, r, c) => n.value[r * width(n) + c],
    gat: (n, r, c) => n.grad![r * width(n) + c],
    fanIn: (l) => (l === 1 ? exp.data.inputs[0].length : layers[l - 2].units),
    param: (name) => found(reader.param(name), name),
    input: (l, i) =>
      masked(l)
        ? sym('d', l - 1, [typeof i === 'number' ? i + 1 : i])
        : typeof i === 'number'
          ? nt.input(l, i)
          : l === 1
            ? sym('x', undefined, [i])
            : sym('a', l - 1, [i]),
    partial: false,
    more: (text) => {
      ctx.partial = true;
      return { text, note: true };
    },
    exampleHeader: (n) => (N > 1 ? [{ text: m.example(n + 1, N) }] : []),
    moreExamples: () => (examples.hidden > 0 ? [ctx.more(m.moreExamples(examples.hidden))] : []),
  };
  return ctx;
}

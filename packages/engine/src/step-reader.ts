import type { LayerSpec } from './experiment';
import type { NodeTrace, StepTrace } from './trace';

/**
 * The labels the regression network gives its nodes, written once: network.ts names the nodes with
 * these, and the step reader finds them with the same functions, so renderers never spell a label.
 * The output of an identity last layer is its z node itself, labelled 'ŷ'.
 */
export function zLabel(layers: readonly LayerSpec[], l: number): string {
  return l === layers.length && layers[l - 1].activation === 'identity' ? 'ŷ' : `z${l}`;
}

/** The activation of layer l: 'ŷ' for the last layer, the z node itself for an identity layer. */
export function aLabel(layers: readonly LayerSpec[], l: number): string {
  if (l === layers.length) return 'ŷ';
  return layers[l - 1].activation === 'identity' ? zLabel(layers, l) : `a${l}`;
}

export const maskLabel = (l: number): string => `mask${l}`;
export const droppedLabel = (l: number): string => `d${l}`;

/**
 * The nodes of one recorded step of the regression Trainer, by their role and layer (l is 1-based).
 * Every getter returns undefined when the step holds no such node (no dropout, no L2, a trace kept
 * without its nodes); callers that need one say so with `need`.
 */
export interface StepReader {
  /** Every node, in the order they were computed. */
  readonly nodes: readonly NodeTrace[];
  /** The batch's inputs x and targets y. */
  x(): NodeTrace | undefined;
  y(): NodeTrace | undefined;
  /** Layer l's weighted sum z and activation a (a is z for an identity layer, ŷ for the last). */
  z(l: number): NodeTrace | undefined;
  a(l: number): NodeTrace | undefined;
  /** Dropout on hidden layer l: the drawn mask and d = a·mask. */
  mask(l: number): NodeTrace | undefined;
  dropped(l: number): NodeTrace | undefined;
  /** What layer l passes on (d with dropout, else a), and what layer l reads (x for layer 1). */
  out(l: number): NodeTrace | undefined;
  input(l: number): NodeTrace | undefined;
  /** The network's output ŷ. */
  output(): NodeTrace | undefined;
  /** The mean squared error's parts: err = ŷ − y, sq = err², and the mean itself. */
  err(): NodeTrace | undefined;
  sq(): NodeTrace | undefined;
  dataLoss(): NodeTrace | undefined;
  /** The L2 penalty λ·ΣW², and the ΣW² it scales. */
  l2(): NodeTrace | undefined;
  l2Sum(): NodeTrace | undefined;
  /** The loss that backward() started from. */
  loss(): NodeTrace | undefined;
  /** A parameter's node (W1, b1, …) as the step used it. */
  param(name: string): NodeTrace | undefined;
}

export function stepReader(
  step: Pick<StepTrace, 'nodes'> | undefined,
  layers: readonly LayerSpec[],
): StepReader {
  const nodes = step?.nodes ?? [];
  const byLabel = new Map<string, NodeTrace>();
  for (const n of nodes) if (n.label) byLabel.set(n.label, n);
  const get = (label: string): NodeTrace | undefined => byLabel.get(label);
  const a = (l: number): NodeTrace | undefined => get(aLabel(layers, l));
  const out = (l: number): NodeTrace | undefined => get(droppedLabel(l)) ?? a(l);
  const l2 = (): NodeTrace | undefined => get('l2');
  return {
    nodes,
    x: () => get('x'),
    y: () => get('y'),
    z: (l) => get(zLabel(layers, l)),
    a,
    mask: (l) => get(maskLabel(l)),
    dropped: (l) => get(droppedLabel(l)),
    out,
    input: (l) => (l === 1 ? get('x') : out(l - 1)),
    output: () => get('ŷ'),
    err: () => get('err'),
    sq: () => get('sq'),
    // Without an L2 penalty the mean is itself the loss, and carries that label.
    dataLoss: () => get('mse') ?? get('loss'),
    l2,
    l2Sum: () => {
      const p = l2();
      return p && p.inputs.length > 0 ? nodes[p.inputs[0]] : get('ΣW²');
    },
    loss: () => get('loss'),
    param: (name) => get(name),
  };
}

/** The node, or an error naming what is missing: for renderers that cannot go on without it. */
export function need(node: NodeTrace | undefined, what: string): NodeTrace {
  if (!node) throw new Error(`no node '${what}' in the step's trace`);
  return node;
}

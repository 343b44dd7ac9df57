import {
  type Activation,
  type LayerSpec,
  type NodeTrace,
  type ParamUpdate,
  type StepReader,
  type StepTrace,
  activationDerivative,
  stepReader,
} from '@unha/engine';

/**
 * The engine's numbers for one step (one block of the sheet), looked up by what the sheet calls them.
 * These become the cached values of the formula cells: the sheet never recomputes them itself.
 * Every getter returns undefined when the trace does not hold the number (an epoch after divergence,
 * or a trace kept without its nodes): the cell then has a formula and no cached value.
 */
export class StepView {
  private readonly reader: StepReader;
  private readonly updates = new Map<string, ParamUpdate>();
  private readonly layers: LayerSpec[];
  /** The step's loss (with the L2 penalty) and its mean squared error alone. */
  readonly loss: number | undefined;
  readonly dataLoss: number | undefined;

  constructor(step: StepTrace | undefined, layers: LayerSpec[]) {
    this.layers = layers;
    this.loss = step?.loss;
    this.dataLoss = step?.dataLoss;
    // The step's nodes by role and layer, through the engine's reader (no label spelled here).
    this.reader = stepReader(step, layers);
    for (const u of step?.updates ?? []) this.updates.set(u.name, u);
  }

  private act(l: number): Activation {
    return this.layers[l - 1].activation;
  }

  private at(node: NodeTrace | undefined, n: number, j: number, grad = false): number | undefined {
    if (!node) return undefined;
    const width = node.shape[1] ?? 1;
    const data = grad ? node.grad : node.value;
    return data ? data[n * width + j] : undefined;
  }

  z(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.z(l), n, j);
  }
  a(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.a(l), n, j);
  }
  /** ∂L/∂a of layer l (for the last layer, ∂L/∂ŷ). */
  dA(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.a(l), n, j, true);
  }
  /** ∂L/∂z of layer l: the chain-rule product ∂L/∂a · ∂a/∂z. */
  dZ(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.z(l), n, j, true);
  }
  /** ∂a/∂z of layer l, from the engine's own rule (activationDerivative). */
  dAdZ(l: number, n: number, j: number): number | undefined {
    const z = this.z(l, n, j);
    const a = this.a(l, n, j);
    return z === undefined || a === undefined ? undefined : activationDerivative(this.act(l), z, a);
  }
  /** Dropout on hidden layer l: the drawn mask (0 or 1/(1 − p)), d = a·mask and ∂L/∂d. */
  mask(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.mask(l), n, j);
  }
  d(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.dropped(l), n, j);
  }
  dD(l: number, n: number, j: number): number | undefined {
    return this.at(this.reader.dropped(l), n, j, true);
  }
  err(n: number, o: number): number | undefined {
    return this.at(this.reader.err(), n, o);
  }
  sq(n: number, o: number): number | undefined {
    return this.at(this.reader.sq(), n, o);
  }
  l2(): number | undefined {
    return this.reader.l2()?.value[0];
  }
  update(name: string): ParamUpdate | undefined {
    return this.updates.get(name);
  }
}

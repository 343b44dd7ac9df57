import { type Activation, activationTable } from '@unha/engine';
import type { Context } from './context';
import { type InputsLayout, NAMES } from './inputs';
import { addBackward, addUpdates } from './columns-backprop';
import type { SheetMessages } from './locales/index';
import { type Chunk, paginate } from './pages';
import type { StepView } from './step-view';
import { cellRef, sheetPrefix } from './xlsx';

/**
 * The columns of the Training sheet and the formula of every cell, left to right in the order a
 * person computes: parameters used, inputs, forward pass, error, loss, backpropagation (one
 * chain-rule factor per column), gradients, optimizer state, new parameters.
 *
 * A block of rows is one update (one epoch with full-batch training), one row per example. Columns
 * with scope 'example' have a cell on every row of the block; 'step' columns only on its first row;
 * 'epoch' columns only on the first row of the last block of each epoch.
 */

export type Group = keyof SheetMessages['groups'];

export interface Block {
  index: number;
  epoch: number;
  /** Update count since the start (Adam's t). */
  step: number;
  firstRow: number;
  /** Training rows (0-based, into trace.train) of the examples of this block, in order. */
  batch: number[];
  view: StepView;
  /** First row of the first block of this epoch, and whether this block ends the epoch. */
  epochFirstRow: number;
  lastInEpoch: boolean;
}

export interface At {
  b: Block;
  prev: Block | undefined;
  /** Example index inside the block and the sheet row of the cell. */
  n: number;
  row: number;
  /** The Training sheet (page, see pages.ts) the cell is on: 0 unless the columns were split. */
  page: number;
}

export interface Column {
  key: string;
  group: Group;
  label: string;
  hint: string;
  scope: 'example' | 'step' | 'epoch';
  /** A plain number that identifies the row (epoch, step, example), not a formula. */
  id?: boolean;
  /** A plain number the engine drew at random (a dropout mask), written as an input, not a formula. */
  drawn?: boolean;
  formula(at: At): string;
  value(at: At): number | undefined;
}

export interface ParamElem {
  name: string;
  k: number;
  l: number;
  j: number;
  i: number;
  isW: boolean;
}

/** Explicit products read better than SUMPRODUCT up to this many inputs per unit. */
const EXPLICIT_TERMS = 4;

type Formula = (at: At) => string;
type Value = (at: At) => number | undefined;

/** One Training sheet: its name and its columns, the id columns first. */
export interface Page {
  name: string;
  columns: Column[];
}

/**
 * The columns being planned, with the helpers every formula uses to point at other columns: `here`
 * on the cell's own row, `top` on the block's first row (row pinned with $, so a learner who copies
 * the formula down keeps pointing at the parameters), `first` on the first row, `range` down the block.
 * A column on another Training sheet (pages.ts) is named with that sheet's prefix.
 */
export class ColumnSet {
  readonly cols: Column[] = [];
  private readonly index = new Map<string, number>();
  readonly params: ParamElem[] = [];
  readonly L: number;
  readonly l2: boolean;
  readonly momentum: boolean;

  constructor(
    readonly ctx: Context,
    readonly inputs: InputsLayout,
    readonly miniBatch: boolean,
  ) {
    const exp = ctx.trace.experiment;
    this.L = ctx.layers.length;
    this.l2 = (exp.l2 ?? 0) > 0;
    this.momentum = exp.optimizer.name === 'sgd' && (exp.optimizer.momentum ?? 0) > 0;
    ctx.layers.forEach((layer, idx) => {
      const l = idx + 1;
      const fanIn = ctx.fanIn(l);
      for (let k = 0; k < layer.units * fanIn; k++)
        this.params.push({ name: `W${l}`, k, l, j: Math.floor(k / fanIn), i: k % fanIn, isW: true });
      for (let j = 0; j < layer.units; j++) this.params.push({ name: `b${l}`, k: j, l, j, i: 0, isW: false });
    });
  }

  /** Sheet and column within it of each column (by position in `cols`); set by `paginate`. */
  private pageOf: number[] = [];
  private localOf: number[] = [];
  private pageNames: string[] = [];

  col(key: string): number {
    const c = this.index.get(key);
    if (c === undefined) throw new Error(`sheet layout: no column '${key}'`);
    return c;
  }

  /**
   * Splits the columns across Training sheets when they do not fit in one (see pages.ts). Every
   * sheet starts with the id columns; `name(p)` names sheet p.
   */
  paginate(limit: number, name: (page: number) => string): Page[] {
    const ids = this.cols.filter((c) => c.id);
    const rest = this.cols.map((c, i) => ({ c, i })).filter(({ c }) => !c.id);
    // Consecutive columns with the same chunk key stay together.
    const chunks: (Chunk & { members: number[] })[] = [];
    let lastKey = '';
    for (const { c, i } of rest) {
      const key = chunkKey(c);
      if (chunks.length > 0 && key === lastKey) {
        chunks[chunks.length - 1].width++;
        chunks[chunks.length - 1].members.push(i);
      } else chunks.push({ width: 1, main: key === 'main', members: [i] });
      lastKey = key;
    }
    const { pageOf } = paginate(chunks, ids.length, limit);
    const pages: Page[] = [];
    this.pageOf = this.cols.map(() => 0);
    this.localOf = this.cols.map(() => 0);
    this.cols.forEach((c, i) => {
      if (c.id) this.localOf[i] = ids.indexOf(c);
    });
    chunks.forEach((chunk, k) => {
      const p = pageOf[k];
      while (pages.length <= p) pages.push({ name: name(pages.length), columns: [...ids] });
      for (const i of chunk.members) {
        this.pageOf[i] = p;
        this.localOf[i] = pages[p].columns.length;
        pages[p].columns.push(this.cols[i]);
      }
    });
    this.pageNames = pages.map((pg) => pg.name);
    return pages;
  }

  /** Sheet and column of a column, for defined names. */
  where(key: string): { page: number; col: number } {
    const c = this.col(key);
    return { page: this.pageOf[c] ?? 0, col: this.localOf[c] ?? c };
  }

  /** A reference to a column's cell on some row, from a cell on sheet `page`. */
  private ref(key: string, row: number, page: number, abs: 'none' | 'row' = 'none'): string {
    const c = this.col(key);
    const local = this.localOf[c] ?? c;
    const r = cellRef(row, local, abs);
    // The id columns are repeated on every sheet: read the sheet's own.
    const on = this.cols[c].id ? page : (this.pageOf[c] ?? 0);
    return on === page ? r : sheetPrefix(this.pageNames[on]) + r;
  }
  add(c: Column): void {
    this.index.set(c.key, this.cols.length);
    this.cols.push(c);
  }
  /** A column with a cell on every row of the block. */
  each(key: string, group: Group, label: string, hint: string, formula: Formula, value: Value): void {
    this.add({ key, group, label, hint, scope: 'example', formula, value });
  }
  /** A column with one cell per block, on its first row. */
  once(key: string, group: Group, label: string, hint: string, formula: Formula, value: Value): void {
    this.add({ key, group, label, hint, scope: 'step', formula, value });
  }

  here(key: string, at: At): string {
    return this.ref(key, at.row, at.page);
  }
  top(key: string, at: At): string {
    return this.ref(key, at.b.firstRow, at.page, 'row');
  }
  first(key: string, at: At): string {
    return this.ref(key, at.b.firstRow, at.page);
  }
  /**
   * The rectangle from column k1 on row r1 to column k2 on row r2, named once with its sheet (k1
   * and k2 are always on one sheet: chunks are never cut).
   */
  private span(k1: string, r1: number, k2: string, r2: number, page: number, abs: 'none' | 'row'): string {
    const start = this.ref(k1, r1, page, abs);
    const end = cellRef(r2, this.localOf[this.col(k2)] ?? this.col(k2), abs);
    return start === end || start.endsWith(`!${end}`) ? start : `${start}:${end}`;
  }
  /** Down the block's rows, from column k1 to k2. */
  range(k1: string, at: At, k2 = k1): string {
    return this.span(k1, at.b.firstRow, k2, at.b.firstRow + at.b.batch.length - 1, at.page, 'none');
  }
  /** Across the block's first row, from k1 to k2 (`pinned`: the row pinned with $, as in `top`). */
  across(k1: string, k2: string, at: At, pinned = false): string {
    return this.span(k1, at.b.firstRow, k2, at.b.firstRow, at.page, pinned ? 'row' : 'none');
  }
  /** Down one column from the row of block `from` to the row of block `to` (the epoch loss). */
  down(key: string, r1: number, r2: number, at: At): string {
    return this.span(key, r1, key, r2, at.page, 'none');
  }
  prev(key: string, at: At): string {
    return this.ref(key, at.prev!.firstRow, at.page);
  }

  act(l: number): Activation {
    return this.ctx.layers[l - 1].activation;
  }
  /** Does hidden layer l drop units out (inverted dropout: d = a·mask)? */
  dropout(l: number): boolean {
    return l < this.L && (this.ctx.layers[l - 1].dropout ?? 0) > 0;
  }
  /** Key of the activation of layer l (identity layers have a = z, no extra column). */
  aKey(l: number, j: number): string {
    return this.act(l) === 'identity' ? `z:${l}:${j}` : `a:${l}:${j}`;
  }
  /** Key of the value layer l passes on: a, or d = a·mask with dropout. */
  outKey(l: number, j: number): string {
    return this.dropout(l) ? `d:${l}:${j}` : this.aKey(l, j);
  }
  /** Key of input i of layer l: a data input for l = 1, an output of layer l − 1 otherwise. */
  inKey(l: number, i: number): string {
    return l === 1 ? `x:${i}` : this.outKey(l - 1, i);
  }
  /** Key of ∂L/∂a of layer l (∂L/∂ŷ for the last layer; ∂L/∂d·mask with dropout). */
  dAKey(l: number, j: number): string {
    return l === this.L ? `dy:${j}` : this.dropout(l) ? `dm:${l}:${j}` : `da:${l}:${j}`;
  }
  /** Key of ∂L/∂z of layer l: for an identity layer it is ∂L/∂a itself (no extra column). */
  dZKey(l: number, j: number): string {
    return this.act(l) === 'identity' ? this.dAKey(l, j) : `dz:${l}:${j}`;
  }
  pk(prefix: string, p: ParamElem): string {
    return `${prefix}:${p.name}:${p.k}`;
  }
  pSym(p: ParamElem): string {
    return this.ctx.sym.param(p.name, p.k);
  }
}

export function planColumns(ctx: Context, inputs: InputsLayout, miniBatch: boolean): ColumnSet {
  const set = new ColumnSet(ctx, inputs, miniBatch);
  addInputs(set);
  addForward(set);
  addBackward(set);
  addUpdates(set);
  return set;
}

/**
 * Which columns must stay on one sheet: a tensor's values, gradients or new values (ranges and
 * defined names span them), one parameter's optimizer state, and everything computed per example
 * plus the loss ('main', always on the first sheet).
 */
function chunkKey(c: Column): string {
  const [kind, tensor, k] = c.key.split(':');
  if (c.group === 'params' || c.group === 'grads' || c.group === 'update') return `${kind}:${tensor}`;
  if (c.group === 'optimizer') return `opt:${tensor}:${k}`;
  return 'main';
}

function addInputs(s: ColumnSet): void {
  const { msg, sym, trace } = s.ctx;
  const id = (key: string, label: string, hint: string, value: Value): void =>
    s.add({ key, group: 'id', label, hint, scope: 'example', id: true, formula: () => '', value });
  // Where: epoch, step (mini-batches only), example (its row number in the data).
  id('epoch', msg.cols.epoch, '', (at) => at.b.epoch);
  if (s.miniBatch) id('step', msg.cols.step, 't', (at) => at.b.step);
  id('example', msg.cols.example, '', (at) => trace.train.rows[at.b.batch[at.n]] + 1);
  for (const p of s.params)
    s.once(
      s.pk('p', p),
      'params',
      s.pSym(p),
      msg.hints.previous,
      (at) => (at.prev ? s.prev(s.pk('new', p), at) : s.inputs.paramCell(p.name, p.k)),
      (at) => at.b.view.update(p.name)?.before[p.k],
    );
  for (let i = 0; i < s.ctx.nIn; i++)
    s.each(
      `x:${i}`,
      'input',
      sym.input(1, i),
      msg.hints.data,
      (at) => s.inputs.xCell(at.b.batch[at.n], i),
      (at) => trace.train.inputs[at.b.batch[at.n]][i],
    );
}

function addForward(s: ColumnSet): void {
  const { msg, sym, trace, layers } = s.ctx;
  const h = msg.hints;
  const L = s.L;
  const O = s.ctx.nOut;
  for (let l = 1; l <= L; l++) {
    const fanIn = s.ctx.fanIn(l);
    const units = layers[l - 1].units;
    for (let j = 0; j < units; j++) {
      const w = (i: number): string => `p:W${l}:${j * fanIn + i}`;
      // z = Σᵢ W[j][i]·inputᵢ + b[j], the weighted sum of unit j.
      const formula = (at: At): string => {
        const b = s.top(`p:b${l}:${j}`, at);
        if (fanIn > EXPLICIT_TERMS) {
          const wr = s.across(w(0), w(fanIn - 1), at, true);
          const xr = `${s.here(s.inKey(l, 0), at)}:${s.here(s.inKey(l, fanIn - 1), at)}`;
          return `SUMPRODUCT(${wr},${xr})+${b}`;
        }
        const terms = Array.from(
          { length: fanIn },
          (_, i) => `${s.top(w(i), at)}*${s.here(s.inKey(l, i), at)}`,
        );
        return `${terms.join('+')}+${b}`;
      };
      s.each(`z:${l}:${j}`, 'forward', sym.z(l, j), h.weightedSum, formula, (at) => at.b.view.z(l, at.n, j));
    }
    const a = s.act(l);
    if (a !== 'identity')
      for (let j = 0; j < units; j++)
        s.each(
          `a:${l}:${j}`,
          'forward',
          sym.a(l, j),
          h.activation[a],
          // The formula from the engine's activation table (σ there is the overflow-safe form).
          (at) => activationTable[a].sheet.forward(s.here(`z:${l}:${j}`, at)),
          (at) => at.b.view.a(l, at.n, j),
        );
    if (!s.dropout(l)) continue;
    // Inverted dropout: each value is kept (×1/(1 − p)) or zeroed by a mask the engine drew at random.
    for (let j = 0; j < units; j++)
      s.add({
        key: `mask:${l}:${j}`,
        group: 'forward',
        label: `${msg.cols.mask}${l}[${j + 1}]`,
        hint: h.mask(layers[l - 1].dropout!),
        scope: 'example',
        drawn: true,
        formula: () => '',
        value: (at) => at.b.view.mask(l, at.n, j),
      });
    for (let j = 0; j < units; j++)
      s.each(
        `d:${l}:${j}`,
        'forward',
        `d${l}[${j + 1}]`,
        h.dropped,
        (at) => `${s.here(s.aKey(l, j), at)}*${s.here(`mask:${l}:${j}`, at)}`,
        (at) => at.b.view.d(l, at.n, j),
      );
  }

  for (let o = 0; o < O; o++)
    s.each(
      `y:${o}`,
      'error',
      sym.y(o),
      h.target,
      (at) => s.inputs.yCell(at.b.batch[at.n], o),
      (at) => trace.train.targets[at.b.batch[at.n]][o],
    );
  for (let o = 0; o < O; o++)
    s.each(
      `err:${o}`,
      'error',
      sym.e(o),
      h.err,
      (at) => `${s.here(s.outKey(L, o), at)}-${s.here(`y:${o}`, at)}`,
      (at) => at.b.view.err(at.n, o),
    );
  for (let o = 0; o < O; o++)
    s.each(
      `sq:${o}`,
      'error',
      `${sym.e(o)}²`,
      h.sq,
      (at) => `${s.here(`err:${o}`, at)}^2`,
      (at) => at.b.view.sq(at.n, o),
    );

  // The loss: the mean of e² over the examples and outputs (plus λ·ΣW² over the weights in use).
  const mean = (at: At): string => `AVERAGE(${s.range('sq:0', at, `sq:${O - 1}`)})`;
  const weights = (at: At): string =>
    layers
      .map((layer, idx) => {
        const last = layer.units * s.ctx.fanIn(idx + 1) - 1;
        return s.across(`p:W${idx + 1}:0`, `p:W${idx + 1}:${last}`, at);
      })
      .join(',');
  if (s.l2) {
    s.once('mse', 'loss', 'MSE', h.mse, mean, (at) => at.b.view.dataLoss);
    s.once(
      'l2',
      'loss',
      'L2',
      h.l2,
      (at) => `${NAMES.l2}*SUMSQ(${weights(at)})`,
      (at) => at.b.view.l2(),
    );
  }
  const loss = s.l2 ? (at: At): string => `${s.first('mse', at)}+${s.first('l2', at)}` : mean;
  s.once('loss', 'loss', 'L', s.l2 ? h.lossL2 : h.loss, loss, (at) => at.b.view.loss);
  if (s.miniBatch)
    s.add({
      key: 'epochLoss',
      group: 'loss',
      label: msg.cols.epochLoss,
      hint: h.epochLoss,
      scope: 'epoch',
      // The loss column is empty between the first rows of the blocks: AVERAGE skips the blanks.
      formula: (at) => `AVERAGE(${s.down('loss', at.b.epochFirstRow, at.b.firstRow, at)})`,
      value: (at) => trace.epochs[at.b.epoch - 1]?.loss,
    });
}

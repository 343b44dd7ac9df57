import type { Activation } from '@unha/engine';
import type { Context } from './context';
import { type InputsLayout, NAMES } from './inputs';
import type { SheetMessages } from './locales/index';
import type { StepView } from './step-view';
import { cellRef } from './xlsx';

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
}

export interface Column {
  key: string;
  group: Group;
  label: string;
  hint: string;
  scope: 'example' | 'step' | 'epoch';
  /** A plain number that identifies the row (epoch, step, example), not a formula. */
  id?: boolean;
  formula(at: At): string;
  value(at: At): number | undefined;
}

interface ParamElem {
  name: string;
  k: number;
  l: number;
  j: number;
  i: number;
  isW: boolean;
}

/** Explicit products read better than SUMPRODUCT up to this many inputs per unit. */
const EXPLICIT_TERMS = 4;

export function planColumns(ctx: Context, inputs: InputsLayout, miniBatch: boolean): Column[] {
  const { msg, sym, trace } = ctx;
  const h = msg.hints;
  const exp = trace.experiment;
  const layers = ctx.layers;
  const L = layers.length;
  const O = ctx.nOut;
  const opt = exp.optimizer;
  const momentum = opt.name === 'sgd' && (opt.momentum ?? 0) > 0;
  const l2 = (exp.l2 ?? 0) > 0;
  const act = (l: number): Activation => layers[l - 1].activation;

  const cols: Column[] = [];
  const index = new Map<string, number>();
  const col = (key: string): number => {
    const c = index.get(key);
    if (c === undefined) throw new Error(`sheet layout: no column '${key}'`);
    return c;
  };
  const add = (c: Column): void => {
    index.set(c.key, cols.length);
    cols.push(c);
  };
  // References: `here` on the cell's own row, `top` on the block's first row (row pinned with $, so a
  // learner who copies the formula down keeps pointing at the parameters), `range` down the block.
  const here = (key: string, at: At): string => cellRef(at.row, col(key));
  const top = (key: string, at: At): string => cellRef(at.b.firstRow, col(key), 'row');
  const first = (key: string, at: At): string => cellRef(at.b.firstRow, col(key));
  const range = (k1: string, at: At, k2 = k1): string =>
    `${cellRef(at.b.firstRow, col(k1))}:${cellRef(at.b.firstRow + at.b.batch.length - 1, col(k2))}`;
  const prevCell = (key: string, at: At): string => cellRef(at.prev!.firstRow, col(key));

  const params: ParamElem[] = [];
  layers.forEach((layer, idx) => {
    const l = idx + 1;
    const fanIn = ctx.fanIn(l);
    for (let k = 0; k < layer.units * fanIn; k++)
      params.push({ name: `W${l}`, k, l, j: Math.floor(k / fanIn), i: k % fanIn, isW: true });
    for (let j = 0; j < layer.units; j++) params.push({ name: `b${l}`, k: j, l, j, i: 0, isW: false });
  });
  const pk = (prefix: string, p: ParamElem): string => `${prefix}:${p.name}:${p.k}`;
  const pSym = (p: ParamElem): string => sym.param(p.name, p.k);

  // Keys of the values a layer passes on, and of ∂L/∂a and ∂L/∂z (identity layers have no extra column).
  const outKey = (l: number, j: number): string => (act(l) === 'identity' ? `z:${l}:${j}` : `a:${l}:${j}`);
  const inKey = (l: number, i: number): string => (l === 1 ? `x:${i}` : outKey(l - 1, i));
  const dAKey = (l: number, j: number): string => (l === L ? `dy:${j}` : `da:${l}:${j}`);
  const dZKey = (l: number, j: number): string => (act(l) === 'identity' ? dAKey(l, j) : `dz:${l}:${j}`);

  // Where: epoch, step (mini-batches only), example (its row number in the data).
  add({
    key: 'epoch',
    group: 'id',
    label: msg.cols.epoch,
    hint: '',
    scope: 'example',
    id: true,
    formula: () => '',
    value: (at) => at.b.epoch,
  });
  if (miniBatch)
    add({
      key: 'step',
      group: 'id',
      label: msg.cols.step,
      hint: 't',
      scope: 'example',
      id: true,
      formula: () => '',
      value: (at) => at.b.step,
    });
  add({
    key: 'example',
    group: 'id',
    label: msg.cols.example,
    hint: '',
    scope: 'example',
    id: true,
    formula: () => '',
    value: (at) => trace.train.rows[at.b.batch[at.n]] + 1,
  });

  for (const p of params)
    add({
      key: pk('p', p),
      group: 'params',
      label: pSym(p),
      hint: h.previous,
      scope: 'step',
      formula: (at) => (at.prev ? prevCell(pk('new', p), at) : inputs.paramCell(p.name, p.k)),
      value: (at) => at.b.view.update(p.name)?.before[p.k],
    });

  for (let i = 0; i < ctx.nIn; i++)
    add({
      key: `x:${i}`,
      group: 'input',
      label: sym.input(1, i),
      hint: h.data,
      scope: 'example',
      formula: (at) => inputs.xCell(at.b.batch[at.n], i),
      value: (at) => trace.train.inputs[at.b.batch[at.n]][i],
    });

  for (let l = 1; l <= L; l++) {
    const fanIn = ctx.fanIn(l);
    const units = layers[l - 1].units;
    for (let j = 0; j < units; j++) {
      const w = (i: number): string => `p:W${l}:${j * fanIn + i}`;
      add({
        key: `z:${l}:${j}`,
        group: 'forward',
        label: sym.z(l, j),
        hint: h.weightedSum,
        scope: 'example',
        formula: (at) => {
          const b = top(`p:b${l}:${j}`, at);
          if (fanIn > EXPLICIT_TERMS) {
            const wr = `${top(w(0), at)}:${top(w(fanIn - 1), at)}`;
            return `SUMPRODUCT(${wr},${here(inKey(l, 0), at)}:${here(inKey(l, fanIn - 1), at)})+${b}`;
          }
          const terms = Array.from({ length: fanIn }, (_, i) => `${top(w(i), at)}*${here(inKey(l, i), at)}`);
          return `${terms.join('+')}+${b}`;
        },
        value: (at) => at.b.view.z(l, at.n, j),
      });
    }
    const a = act(l);
    if (a !== 'identity')
      for (let j = 0; j < units; j++)
        add({
          key: `a:${l}:${j}`,
          group: 'forward',
          label: sym.a(l, j),
          hint: h.activation[a],
          scope: 'example',
          formula: (at) => {
            const z = here(`z:${l}:${j}`, at);
            return a === 'relu' ? `MAX(0,${z})` : a === 'tanh' ? `TANH(${z})` : `1/(1+EXP(-${z}))`;
          },
          value: (at) => at.b.view.a(l, at.n, j),
        });
  }

  for (let o = 0; o < O; o++)
    add({
      key: `y:${o}`,
      group: 'error',
      label: sym.y(o),
      hint: h.target,
      scope: 'example',
      formula: (at) => inputs.yCell(at.b.batch[at.n], o),
      value: (at) => trace.train.targets[at.b.batch[at.n]][o],
    });
  for (let o = 0; o < O; o++)
    add({
      key: `err:${o}`,
      group: 'error',
      label: sym.e(o),
      hint: h.err,
      scope: 'example',
      formula: (at) => `${here(outKey(L, o), at)}-${here(`y:${o}`, at)}`,
      value: (at) => at.b.view.err(at.n, o),
    });
  for (let o = 0; o < O; o++)
    add({
      key: `sq:${o}`,
      group: 'error',
      label: `${sym.e(o)}²`,
      hint: h.sq,
      scope: 'example',
      formula: (at) => `${here(`err:${o}`, at)}^2`,
      value: (at) => at.b.view.sq(at.n, o),
    });

  // The mean over the examples and outputs of e² (and the L2 penalty over the weights in use).
  const mean = (at: At): string => `AVERAGE(${range('sq:0', at, `sq:${O - 1}`)})`;
  const weightRanges = (at: At): string =>
    layers
      .map((layer, idx) => {
        const last = layer.units * ctx.fanIn(idx + 1) - 1;
        return `${first(`p:W${idx + 1}:0`, at)}:${first(`p:W${idx + 1}:${last}`, at)}`;
      })
      .join(',');
  if (l2) {
    add({
      key: 'mse',
      group: 'loss',
      label: 'MSE',
      hint: h.mse,
      scope: 'step',
      formula: mean,
      value: (at) => at.b.view.dataLoss,
    });
    add({
      key: 'l2',
      group: 'loss',
      label: 'L2',
      hint: h.l2,
      scope: 'step',
      formula: (at) => `${NAMES.l2}*SUMSQ(${weightRanges(at)})`,
      value: (at) => at.b.view.l2(),
    });
  }
  add({
    key: 'loss',
    group: 'loss',
    label: 'L',
    hint: l2 ? h.lossL2 : h.loss,
    scope: 'step',
    formula: l2 ? (at) => `${first('mse', at)}+${first('l2', at)}` : mean,
    value: (at) => at.b.view.loss,
  });
  if (miniBatch)
    add({
      key: 'epochLoss',
      group: 'loss',
      label: msg.cols.epochLoss,
      hint: h.epochLoss,
      scope: 'epoch',
      formula: (at) =>
        `AVERAGE(${cellRef(at.b.epochFirstRow, col('loss'))}:${cellRef(at.b.firstRow, col('loss'))})`,
      value: (at) => trace.epochs[at.b.epoch - 1]?.loss,
    });

  addBackward();
  addUpdates();
  return cols;

  function addBackward(): void {
    // ∂L/∂ŷ of the mean of e² over N examples and O outputs: 2·e/(N·O).
    for (let o = 0; o < O; o++)
      add({
        key: `dy:${o}`,
        group: 'backward',
        label: `∂L/∂${sym.yhat(o)}`,
        hint: h.dyhat(miniBatch ? (O > 1 ? `(N·${O})` : 'N') : String(trace.train.rows.length * O)),
        scope: 'example',
        formula: (at) => `2*${here(`err:${o}`, at)}/${at.b.batch.length * O}`,
        value: (at) => at.b.view.dA(L, at.n, o),
      });
    for (let l = L; l >= 1; l--) {
      const units = layers[l - 1].units;
      const a = act(l);
      if (l < L) {
        const next = layers[l].units;
        for (let j = 0; j < units; j++)
          add({
            key: `da:${l}:${j}`,
            group: 'backward',
            label: `∂L/∂${sym.a(l, j)}`,
            hint: h.dhidden,
            scope: 'example',
            formula: (at) =>
              Array.from(
                { length: next },
                (_, k) => `${top(`p:W${l + 1}:${k * units + j}`, at)}*${here(dZKey(l + 1, k), at)}`,
              ).join('+'),
            value: (at) => at.b.view.dA(l, at.n, j),
          });
      }
      if (a === 'identity') continue;
      for (let j = 0; j < units; j++)
        add({
          key: `fp:${l}:${j}`,
          group: 'backward',
          label: `∂${sym.a(l, j)}/∂${sym.z(l, j)}`,
          hint: h.derivative[a],
          scope: 'example',
          formula: (at) => {
            const z = here(`z:${l}:${j}`, at);
            const v = here(`a:${l}:${j}`, at);
            return a === 'relu' ? `IF(${z}>0,1,0)` : a === 'tanh' ? `1-${v}^2` : `${v}*(1-${v})`;
          },
          value: (at) => at.b.view.dAdZ(l, at.n, j),
        });
      for (let j = 0; j < units; j++)
        add({
          key: `dz:${l}:${j}`,
          group: 'backward',
          label: `∂L/∂${sym.z(l, j)}`,
          hint: h.delta,
          scope: 'example',
          formula: (at) => `${here(dAKey(l, j), at)}*${here(`fp:${l}:${j}`, at)}`,
          value: (at) => at.b.view.dZ(l, at.n, j),
        });
    }
  }

  function addUpdates(): void {
    for (const p of params)
      add({
        key: pk('g', p),
        group: 'grads',
        label: `∂L/∂${pSym(p)}`,
        hint: p.isW ? h.gradW + (l2 ? h.l2Term : '') : h.gradB,
        scope: 'step',
        formula: (at) => {
          const dz = dZKey(p.l, p.j);
          const one = at.b.batch.length === 1;
          const data = p.isW
            ? one
              ? `${first(dz, at)}*${first(inKey(p.l, p.i), at)}`
              : `SUMPRODUCT(${range(dz, at)},${range(inKey(p.l, p.i), at)})`
            : one
              ? first(dz, at)
              : `SUM(${range(dz, at)})`;
          return p.isW && l2 ? `${data}+2*${NAMES.l2}*${first(pk('p', p), at)}` : data;
        },
        value: (at) => at.b.view.update(p.name)?.grad[p.k],
      });
    const t = miniBatch ? 'step' : 'epoch';
    const state = (
      key: string,
      label: string,
      hint: string,
      formula: Column['formula'],
      pick: 'velocity' | 'm' | 'v' | 'mHat' | 'vHat',
      p: ParamElem,
    ): void =>
      add({
        key: pk(key, p),
        group: 'optimizer',
        label: `${label}(${pSym(p)})`,
        hint,
        scope: 'step',
        formula,
        value: (at) => at.b.view.update(p.name)?.[pick]?.[p.k],
      });
    for (const p of params) {
      const g = (at: At): string => first(pk('g', p), at);
      if (momentum)
        state(
          'v',
          'v',
          h.velocity,
          (at) => (at.prev ? `${NAMES.momentum}*${prevCell(pk('v', p), at)}+${g(at)}` : g(at)),
          'velocity',
          p,
        );
      if (opt.name === 'adam') {
        const { beta1: b1, beta2: b2 } = NAMES;
        state(
          'm',
          'm',
          h.adamM,
          (at) => (at.prev ? `${b1}*${prevCell(pk('m', p), at)}+(1-${b1})*${g(at)}` : `(1-${b1})*${g(at)}`),
          'm',
          p,
        );
        state(
          'v',
          'v',
          h.adamV,
          (at) =>
            at.prev ? `${b2}*${prevCell(pk('v', p), at)}+(1-${b2})*${g(at)}^2` : `(1-${b2})*${g(at)}^2`,
          'v',
          p,
        );
        state('mh', 'm̂', h.adamMHat, (at) => `${first(pk('m', p), at)}/(1-${b1}^${first(t, at)})`, 'mHat', p);
        state('vh', 'v̂', h.adamVHat, (at) => `${first(pk('v', p), at)}/(1-${b2}^${first(t, at)})`, 'vHat', p);
      }
    }
    for (const p of params)
      add({
        key: pk('new', p),
        group: 'update',
        label: msg.cols.newParam(pSym(p)),
        hint: opt.name === 'adam' ? h.adam : momentum ? h.sgdMomentum : h.sgd,
        scope: 'step',
        formula: (at) => {
          const cur = first(pk('p', p), at);
          if (opt.name === 'adam')
            return `${cur}-${NAMES.lr}*${first(pk('mh', p), at)}/(SQRT(${first(pk('vh', p), at)})+${NAMES.eps})`;
          return `${cur}-${NAMES.lr}*${first(pk(momentum ? 'v' : 'g', p), at)}`;
        },
        value: (at) => at.b.view.update(p.name)?.after[p.k],
      });
  }
}

import type { Activation, NodeTrace, ParamUpdate, StepTrace, Trace } from '@unha/engine';
import type { ExplainDoc, ExplainLine, ExplainSection } from './doc';
import type { Locale } from './format';
import { messages } from './locales/index';
import { type Expr, add, d, frac, fn, mul, num, paren, pow, sqrt, sub, sum, sym, text } from './math';
import { notation } from './notation';

export interface ExplainOptions {
  locale: Locale;
  /** 1-based step inside the epoch (mini-batches); default 1. */
  step?: number;
  /** Only this layer (1-based) in the forward and backward passes and the update. */
  layer?: number;
  /** Only this unit (1-based) of each layer shown. */
  unit?: number;
  /** Only this example (1-based, within the batch). */
  example?: number;
  /** How many examples and units to write out before summarising (defaults 4 and 3). */
  maxExamples?: number;
  maxUnits?: number;
}

const L = sym('L');
const LR = sym('LR');

/** Which rows of a shown range: all up to `max`, or the chosen one. */
function pick(count: number, chosen: number | undefined, max: number): { shown: number[]; hidden: number } {
  if (chosen !== undefined) return { shown: [Math.min(Math.max(chosen, 1), count) - 1], hidden: 0 };
  const k = Math.min(count, max);
  return { shown: Array.from({ length: k }, (_, i) => i), hidden: count - k };
}

function activationPrime(
  act: Activation,
  z: number,
  a: number,
): { symbolic: (aS: Expr, zS: Expr) => Expr; numeric: Expr } {
  switch (act) {
    case 'tanh':
      return {
        symbolic: (aS) => paren(sub(num(1), pow(aS, 2))),
        numeric: paren(sub(num(1), pow(num(a), 2))),
      };
    case 'sigmoid':
      return {
        symbolic: (aS) => mul(aS, paren(sub(num(1), aS))),
        numeric: mul(num(a), paren(sub(num(1), num(a)))),
      };
    case 'relu':
      return { symbolic: () => sym('[z>0]'), numeric: num(z > 0 ? 1 : 0) };
    case 'identity':
      return { symbolic: () => num(1), numeric: num(1) };
  }
}

function activationExpr(act: Activation, zS: Expr): Expr {
  return act === 'tanh'
    ? fn('tanh', zS)
    : act === 'sigmoid'
      ? fn('σ', zS)
      : act === 'relu'
        ? fn('max', num(0), zS)
        : zS;
}

/**
 * The hand calculation of one epoch (one step of it), read from the trace: the forward pass with the
 * numbers put into each formula, the loss, every factor of the chain rule and every update.
 * Nothing is recomputed here: every result shown is a number the engine recorded.
 */
export function explainEpoch(trace: Trace, epoch: number, opts: ExplainOptions): ExplainDoc {
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
  const K = exp.data.targets[0].length;
  const nt = notation(exp);
  // A single neuron is shown whole; a network one example and a few units at a time (never a wall of text).
  const totalUnits = layers.reduce((t, l) => t + l.units, 0);
  const maxEx = opts.maxExamples ?? (nt.simple ? 4 : totalUnits <= 4 ? 2 : 1);
  const maxUnits = opts.maxUnits ?? (nt.simple ? 3 : 2);
  const examples = pick(N, opts.example, maxEx);
  const layerList = opts.layer ? [Math.min(Math.max(opts.layer, 1), nL)] : layers.map((_, i) => i + 1);

  // Nodes of layer l: z (weighted sum), a (after activation), the value passed on (after dropout).
  const zNode = (l: number): NodeTrace =>
    node(l === nL && layers[l - 1].activation === 'identity' ? 'ŷ' : `z${l}`);
  const aNode = (l: number): NodeTrace =>
    l === nL ? node('ŷ') : layers[l - 1].activation === 'identity' ? zNode(l) : node(`a${l}`);
  const outNode = (l: number): NodeTrace => byLabel.get(`d${l}`) ?? aNode(l);
  const inNode = (l: number): NodeTrace => (l === 1 ? node('x') : outNode(l - 1));
  const width = (n: NodeTrace): number => n.shape[1] ?? 1;
  const at = (n: NodeTrace, r: number, c: number): number => n.value[r * width(n) + c];
  const gat = (n: NodeTrace, r: number, c: number): number => n.grad![r * width(n) + c];
  const fanIn = (l: number): number => (l === 1 ? exp.data.inputs[0].length : layers[l - 2].units);
  const param = (name: string): NodeTrace => node(name);
  // With dropout on layer l − 1, layer l reads the masked values d(l−1)[i], not a(l−1)[i].
  const masked = (l: number): boolean => l > 1 && byLabel.has(`mask${l - 1}`);
  const input = (l: number, i: number | string): Expr =>
    masked(l)
      ? sym('d', l - 1, [typeof i === 'number' ? i + 1 : i])
      : typeof i === 'number'
        ? nt.input(l, i)
        : l === 1
          ? sym('x', undefined, [i])
          : sym('a', l - 1, [i]);

  const sections: ExplainSection[] = [];
  // Set when something is left out to keep the text readable ("… and 5 more").
  let partial = false;
  const more = (text: string): ExplainLine => {
    partial = true;
    return { text, note: true };
  };
  const exampleHeader = (n: number): ExplainLine[] => (N > 1 ? [{ text: m.example(n + 1, N) }] : []);
  const moreExamples = (): ExplainLine[] =>
    examples.hidden > 0 ? [more(m.moreExamples(examples.hidden))] : [];

  // Forward pass
  const fwd: ExplainLine[] = [];
  for (const n of examples.shown) {
    fwd.push(...exampleHeader(n));
    for (const l of layerList) {
      const act = layers[l - 1].activation;
      if (!nt.simple) fwd.push({ text: m.layer(l, layers[l - 1].units, act), note: true });
      const units = pick(layers[l - 1].units, opts.unit, maxUnits);
      const x = inNode(l);
      const W = param(`W${l}`);
      const b = param(`b${l}`);
      for (const j of units.shown) {
        const terms: Expr[] = [];
        const values: Expr[] = [];
        const k = fanIn(l);
        for (let i = 0; i < k; i++) {
          terms.push(mul(nt.w(l, j, i), input(l, i)));
          values.push(mul(num(W.value[j * k + i]), num(at(x, n, i))));
        }
        const long = k > 6;
        const symbolic = long
          ? add(sum('i', mul(sym('W', l, [j + 1, 'i']), input(l, 'i'))), nt.b(l, j))
          : add(...terms, nt.b(l, j));
        const numeric = long
          ? add(...values.slice(0, 3), text('…'), num(b.value[j]))
          : add(...values, num(b.value[j]));
        fwd.push({ chain: [nt.z(l, j), symbolic, ...(numeric ? [numeric] : []), num(at(zNode(l), n, j))] });
        if (act !== 'identity') {
          fwd.push({
            chain: [
              nt.a(l, j),
              activationExpr(act, nt.z(l, j)),
              activationExpr(act, num(at(zNode(l), n, j))),
              num(at(aNode(l), n, j)),
            ],
          });
        }
        const mask = byLabel.get(`mask${l}`);
        if (mask) {
          if (j === units.shown[0]) fwd.push({ text: m.dropout(layers[l - 1].dropout ?? 0), note: true });
          fwd.push({
            chain: [
              sym('d', l, [j + 1]),
              mul(nt.a(l, j), sym('mask', l, [j + 1])),
              mul(num(at(aNode(l), n, j)), num(at(mask, n, j))),
              num(at(outNode(l), n, j)),
            ],
          });
        }
      }
      if (units.hidden > 0) fwd.push(more(m.moreUnits(units.hidden)));
    }
  }
  fwd.push(...moreExamples());
  // Mini-batches: say which examples (1-based rows of the data) this step's batch holds.
  if (ep.steps.length > 1)
    fwd.unshift({
      text: m.batchRows(
        step.batch.map((r) => (trace.train.rows[r] ?? r) + 1),
        stepIndex,
        ep.steps.length,
      ),
      note: true,
    });
  sections.push({ id: 'forward', title: m.forward, lines: fwd });

  // Loss
  const yhat = node('ŷ');
  const y = node('y');
  const err = node('err');
  const lossLines: ExplainLine[] = [{ text: m.error, note: true }];
  for (const n of examples.shown) {
    for (let k = 0; k < K; k++) {
      const e = N > 1 ? sym('e', undefined, [n + 1]) : nt.e(k);
      const yh = N > 1 ? sym('ŷ', undefined, [n + 1]) : nt.yhat(k);
      const yy = N > 1 ? sym('y', undefined, [n + 1]) : nt.y(k);
      lossLines.push({
        chain: [e, sub(yh, yy), sub(num(at(yhat, n, k)), num(at(y, n, k))), num(at(err, n, k))],
      });
    }
  }
  lossLines.push(...moreExamples());
  const count = N * K;
  const mse = byLabel.get('mse') ?? node('loss');
  lossLines.push({ text: m.mse(count), note: true });
  const errSyms = Array.from({ length: Math.min(count, 6) }, (_, i) =>
    pow(count > 1 ? sym('e', undefined, [i + 1]) : sym('e'), 2),
  );
  const errNums = Array.from({ length: Math.min(count, 6) }, (_, i) => pow(num(err.value[i]), 2));
  const mseName = byLabel.has('l2') ? sym('MSE') : L;
  if (count === 1) lossLines.push({ chain: [mseName, errSyms[0], errNums[0], num(mse.value[0])] });
  else if (count <= 6)
    lossLines.push({
      chain: [
        mseName,
        frac(add(...errSyms), num(count)),
        frac(add(...errNums), num(count)),
        num(mse.value[0]),
      ],
    });
  else
    lossLines.push({
      chain: [
        mseName,
        mul(frac(num(1), num(count)), sum('n', pow(sym('e', undefined, []), 2))),
        num(mse.value[0]),
      ],
    });
  const l2 = byLabel.get('l2');
  if (l2 && exp.l2 !== undefined) {
    const sumW = node(l2.inputs.length ? nodes[l2.inputs[0]].label : 'ΣW²');
    lossLines.push({ text: m.l2, note: true });
    lossLines.push({
      chain: [
        sym('L2'),
        mul(sym('λ'), sum('', pow(sym('W'), 2))),
        mul(num(exp.l2), num(sumW.value[0])),
        num(l2.value[0]),
      ],
    });
    lossLines.push({ text: m.totalLoss, note: true });
    lossLines.push({
      chain: [
        L,
        add(sym('MSE'), sym('L2')),
        add(num(mse.value[0]), num(l2.value[0])),
        num(node('loss').value[0]),
      ],
    });
  }
  sections.push({ id: 'loss', title: m.loss, lines: lossLines });

  // Backward
  const over = (e: Expr): Expr => (count === 1 ? e : frac(e, num(count)));
  const back: ExplainLine[] = [
    { text: m.gradNote, note: true },
    { text: m.dLdyhat, note: true },
  ];
  for (const n of examples.shown) {
    for (let k = 0; k < K; k++) {
      const nk = N > 1 ? [n + 1] : undefined;
      const yh = N > 1 ? sym('ŷ', undefined, nk) : nt.yhat(k);
      const yy = N > 1 ? sym('y', undefined, nk) : nt.y(k);
      back.push({
        chain: [
          d(L, yh),
          over(mul(num(2), paren(sub(yh, yy)))),
          over(mul(num(2), paren(sub(num(at(yhat, n, k)), num(at(y, n, k)))))),
          num(gat(yhat, n, k)),
        ],
      });
    }
  }
  back.push(...moreExamples());
  for (const l of [...layerList].reverse()) {
    const act = layers[l - 1].activation;
    const units = pick(layers[l - 1].units, opts.unit, maxUnits);
    const z = zNode(l);
    const a = aNode(l);
    const x = inNode(l);
    const W = param(`W${l}`);
    const b = param(`b${l}`);
    if (!nt.simple) back.push({ text: m.layer(l, layers[l - 1].units, act), note: true });
    const mask = byLabel.get(`mask${l}`);
    if (mask && l < nL) {
      back.push({ text: m.dropoutBack, note: true });
      for (const n of examples.shown)
        for (const j of units.shown)
          back.push({
            chain: [
              d(L, nt.a(l, j)),
              mul(d(L, sym('d', l, [j + 1])), sym('mask', l, [j + 1])),
              mul(num(gat(outNode(l), n, j)), num(at(mask, n, j))),
              num(gat(a, n, j)),
            ],
          });
    }
    if (act !== 'identity') {
      back.push({ text: m.dLdz(act), note: true });
      for (const n of examples.shown) {
        for (const j of units.shown) {
          const prime = activationPrime(act, at(z, n, j), at(a, n, j));
          back.push({
            chain: [
              d(L, nt.z(l, j)),
              mul(d(L, nt.a(l, j)), prime.symbolic(nt.a(l, j), nt.z(l, j))),
              mul(num(gat(a, n, j)), prime.numeric),
              num(gat(z, n, j)),
            ],
          });
        }
      }
    }
    back.push({ text: m.dLdW, note: true });
    const k = fanIn(l);
    const exShown = pick(N, opts.example, maxEx);
    for (const j of units.shown) {
      for (let i = 0; i < Math.min(k, maxUnits); i++) {
        const terms = exShown.shown.map((n) => mul(num(gat(z, n, j)), num(at(x, n, i))));
        const symbolic =
          N > 1 ? sum('n', mul(d(L, nt.z(l, j)), input(l, i))) : mul(d(L, nt.z(l, j)), input(l, i));
        const l2Term = exp.l2 ? [mul(num(2), sym('λ'), nt.w(l, j, i))] : [];
        const l2Num = exp.l2 ? [mul(num(2), num(exp.l2), num(W.value[j * k + i]))] : [];
        const numeric =
          exShown.hidden > 0 || opts.example !== undefined ? undefined : add(...terms, ...l2Num);
        back.push({
          chain: [
            d(L, nt.w(l, j, i)),
            exp.l2 ? add(symbolic, ...l2Term) : symbolic,
            ...(numeric ? [numeric] : []),
            num(W.grad![j * k + i]),
          ],
        });
      }
      if (k > maxUnits) back.push(more(m.moreInputs(k - maxUnits)));
      const bTerms = exShown.shown.map((n) => num(gat(z, n, j)));
      const bNumeric =
        exShown.hidden > 0 || opts.example !== undefined ? undefined : N > 1 ? add(...bTerms) : undefined;
      back.push({
        chain: [
          d(L, nt.b(l, j)),
          N > 1 ? sum('n', d(L, nt.z(l, j))) : d(L, nt.z(l, j)),
          ...(bNumeric ? [bNumeric] : []),
          num(b.grad![j]),
        ],
      });
    }
    if (units.hidden > 0) back.push(more(m.moreUnits(units.hidden)));
    if (l > 1) {
      back.push({ text: m.dLda, note: true });
      const prev = outNode(l - 1);
      const prevUnits = pick(layers[l - 2].units, opts.unit, maxUnits);
      const nUnits = layers[l - 1].units;
      for (const n of examples.shown) {
        for (const i of prevUnits.shown) {
          const terms = Array.from({ length: Math.min(nUnits, 6) }, (_, j) =>
            mul(num(gat(z, n, j)), num(W.value[j * k + i])),
          );
          back.push({
            chain: [
              d(L, input(l, i)),
              sum('j', mul(d(L, sym('z', l, ['j'])), sym('W', l, ['j', i + 1]))),
              ...(nUnits <= 6 ? [add(...terms)] : [add(...terms.slice(0, 3), text('…'))]),
              num(gat(prev, n, i)),
            ],
          });
        }
      }
    }
  }
  sections.push({ id: 'backward', title: m.backward, lines: back });

  // Update
  const upd: ExplainLine[] = [];
  const prevStep = findPreviousStep(trace, epoch, stepIndex);
  const o = exp.optimizer;
  for (const l of layerList) {
    for (const name of [`W${l}`, `b${l}`]) {
      const u = step.updates.find((x) => x.name === name)!;
      const prevU = prevStep?.updates?.find((x) => x.name === name);
      const units = pick(layers[l - 1].units, opts.unit, maxUnits);
      const k = name.startsWith('W') ? fanIn(l) : 1;
      const indices: number[] = [];
      for (const j of units.shown) for (let i = 0; i < Math.min(k, maxUnits); i++) indices.push(j * k + i);
      // A network shows one value of each parameter in full; the rest follow the same rule.
      const shown = nt.simple || opts.unit !== undefined ? indices : indices.slice(0, 1);
      for (const idx of shown) upd.push(...updateLines(nt.param(name, idx), u, prevU, idx, o));
      if (shown.length < u.after.length) upd.push(more(m.moreUpdates(u.after.length - shown.length, name)));
    }
  }
  upd.unshift({
    text: o.name === 'adam' ? m.adamRule(step.updates[0]?.t ?? 1) : o.momentum ? m.momentumRule : m.sgdRule,
    note: true,
  });
  sections.push({ id: 'update', title: m.update, lines: upd });

  // Summary
  const sumLines: ExplainLine[] = [
    { text: ep.steps.length > 1 ? m.batchLossWas : m.lossWas, chain: [L, num(step.loss)] },
  ];
  if (ep.steps.length > 1)
    sumLines.push({ text: m.epochLossIsMean(ep.steps.length), chain: [L, num(ep.loss)] });
  if (nt.simple) {
    for (const name of trace.paramNames) {
      const u = step.updates.find((x) => x.name === name)!;
      u.after.forEach((v, idx) => sumLines.push({ chain: [nt.param(name, idx), num(v)] }));
    }
  }
  sections.push({ id: 'summary', title: m.summary, lines: sumLines });

  return {
    locale: opts.locale,
    epoch,
    step: stepIndex,
    title: m.epochTitle(epoch, stepIndex, ep.steps.length),
    partial,
    sections,
  };
}

function findPreviousStep(trace: Trace, epoch: number, step: number): StepTrace | undefined {
  if (step > 1) return trace.epochs[epoch - 1].steps[step - 2];
  const prev = trace.epochs[epoch - 2];
  return prev?.steps[prev.steps.length - 1];
}

function updateLines(
  p: Expr,
  u: ParamUpdate,
  prev: ParamUpdate | undefined,
  idx: number,
  o: Trace['experiment']['optimizer'],
): ExplainLine[] {
  const g = d(L, p);
  const before = num(u.before[idx]);
  const grad = num(u.grad[idx]);
  const after = num(u.after[idx]);
  if (o.name === 'adam' && u.m && u.v && u.mHat && u.vHat && u.t !== undefined) {
    const b1 = o.beta1 ?? 0.9;
    const b2 = o.beta2 ?? 0.999;
    const eps = o.eps ?? 1e-8;
    // At t = 1 the previous moments are 0 by definition; later they come from the previous step's record.
    const mPrev = u.t === 1 ? 0 : prev?.m?.[idx];
    const vPrev = u.t === 1 ? 0 : prev?.v?.[idx];
    const mS = sym('m');
    const vS = sym('v');
    return [
      {
        chain: [
          mS,
          add(mul(sym('β', 1), mS), mul(paren(sub(num(1), sym('β', 1))), g)),
          ...(mPrev !== undefined ? [add(mul(num(b1), num(mPrev)), mul(num(1 - b1), grad))] : []),
          num(u.m[idx]),
        ],
        assign: '←',
      },
      {
        chain: [
          vS,
          add(mul(sym('β', 2), vS), mul(paren(sub(num(1), sym('β', 2))), pow(g, 2))),
          ...(vPrev !== undefined ? [add(mul(num(b2), num(vPrev)), mul(num(1 - b2), pow(grad, 2)))] : []),
          num(u.v[idx]),
        ],
        assign: '←',
      },
      {
        chain: [
          sym('m̂'),
          frac(mS, sub(num(1), pow(sym('β', 1), u.t))),
          frac(num(u.m[idx]), sub(num(1), pow(num(b1), u.t))),
          num(u.mHat[idx]),
        ],
      },
      {
        chain: [
          sym('v̂'),
          frac(vS, sub(num(1), pow(sym('β', 2), u.t))),
          frac(num(u.v[idx]), sub(num(1), pow(num(b2), u.t))),
          num(u.vHat[idx]),
        ],
      },
      {
        chain: [
          p,
          sub(p, frac(mul(LR, sym('m̂')), add(sqrt(sym('v̂')), sym('ε')))),
          sub(before, frac(mul(num(o.lr), num(u.mHat[idx])), add(sqrt(num(u.vHat[idx])), num(eps)))),
          after,
        ],
        assign: '←',
      },
    ];
  }
  if (o.momentum && u.velocity) {
    const vPrev = prev?.velocity?.[idx];
    const vS = sym('v');
    return [
      {
        chain: [
          vS,
          add(mul(sym('μ'), vS), g),
          ...(vPrev !== undefined ? [add(mul(num(o.momentum), num(vPrev)), grad)] : []),
          num(u.velocity[idx]),
        ],
        assign: '←',
      },
      {
        chain: [p, sub(p, mul(LR, vS)), sub(before, mul(num(o.lr), num(u.velocity[idx]))), after],
        assign: '←',
      },
    ];
  }
  return [{ chain: [p, sub(p, mul(LR, g)), sub(before, mul(num(o.lr), grad)), after], assign: '←' }];
}

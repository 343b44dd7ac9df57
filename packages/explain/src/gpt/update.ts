import { ADAMW_DEFAULT_DECAY } from '@unha/engine';
import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, frac, num, sym } from '../math';
import { updateLines } from '../lm/update';
import { type GptContext, GptExplainParamError, GptExplainRangeError } from './context';
import { coupled } from './backward';

/** The entry's indices within its tensor: [row, column] of a matrix, [i] of a vector. */
function indices(shape: number[], idx: number): number[] {
  const out: number[] = [];
  let rest = idx;
  for (let k = shape.length - 1; k >= 0; k--) {
    out.unshift(rest % shape[k]);
    rest = Math.floor(rest / shape[k]);
  }
  return out;
}

/**
 * The update of one entry of one parameter (default: the entry of wte's row of the token at P that
 * the tied-embedding lines worked out), by the optimizer's rule with the numbers put in; a clipped
 * step says by how much every gradient was scaled first.
 */
export function updateSection(ctx: GptContext): ExplainSection {
  const { m, step } = ctx;
  const name = ctx.opts.param ?? 'transformer.wte.weight';
  if (!step.updates?.some((u) => u.name === name))
    throw new GptExplainParamError(
      name,
      (step.updates ?? []).map((u) => u.name),
    );
  const u = ctx.update(name);
  const idx =
    ctx.opts.index ?? (ctx.opts.param === undefined ? ctx.token * ctx.C + (ctx.opts.entry ?? 0) : 0);
  if (!Number.isInteger(idx) || idx < 0 || idx >= u.after.length)
    throw new GptExplainRangeError('index', idx, u.after.length - 1);
  // What the experiment leaves out is the engine's default (PyTorch's: β2 0.999, AdamW's λ 0.01).
  const o = ctx.run.experiment.optimizer;
  const decay = o.weightDecay ?? (o.name === 'adamw' ? ADAMW_DEFAULT_DECAY : 0);
  const t = u.t ?? step.step;
  const lines: ExplainLine[] = [
    {
      text:
        o.name === 'adamw'
          ? m.adamwRule(t, decay)
          : o.name === 'adam'
            ? m.adamRule(t)
            : o.momentum
              ? m.momentumRule
              : m.sgdRule,
      note: true,
    },
  ];
  if (step.lr !== o.lr) lines.push({ text: m.scheduledLr, chain: [sym('LR'), num(step.lr)] });
  if (coupled(ctx) && u.shape.length >= 2) lines.push({ text: m.coupledDecay(decay), note: true });
  const clip = ctx.run.experiment.clip;
  if (step.clipped && clip !== undefined) {
    const coef = clip / (step.gradNorm + 1e-6);
    lines.push({ text: m.clipped(clip), chain: [sym('‖g‖'), num(step.gradNorm)] });
    lines.push({
      chain: [
        sym('coef'),
        frac(sym('clip'), add(sym('‖g‖'), num(1e-6))),
        frac(num(clip), add(num(step.gradNorm), num(1e-6))),
        num(coef),
      ],
    });
  }
  // The symbol drops the common prefix (wte[13,0] as in the lines above, h.1.attn.c_attn.weight[1,5]).
  const short = name.replace(/^transformer\./, '').replace(/^(wte|wpe)\.weight$/, '$1');
  const p: Expr = sym(short, undefined, indices(u.shape, idx));
  const prev = ctx.opts.previous?.updates?.find((x) => x.name === name);
  lines.push({ text: m.entryOf(name, u.shape.join('×')), note: true });
  lines.push(...updateLines(p, u, prev, idx, o, step.lr, t, decay));
  if (t > 1 && !prev && (o.name !== 'sgd' || o.momentum)) lines.push({ text: m.noPrevious, note: true });
  return { id: 'update', title: m.update, lines };
}

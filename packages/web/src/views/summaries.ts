import { formatCompact } from '@unha/explain';
import type { EpochSummary, Landscape } from '../protocol';
import type { ViewModel } from './model';
import { type Range, offScale } from './stable-axis';

/**
 * What each chart shows, in a sentence for those who cannot see it (the chart's aria-describedby).
 * Written when the run is paused or stepped, never on every frame of play: a screen reader should not
 * be flooded, and the page should not spend its frames on words nobody reads at that speed.
 */

/** Falling, rising or steady over the last (up to) ten epochs: a change under 1 % is steady. */
export function trend(now: number, before: number | undefined): 'down' | 'up' | 'flat' {
  if (before === undefined || !Number.isFinite(now) || !Number.isFinite(before)) return 'flat';
  const tol = Math.abs(before) * 0.01;
  return now < before - tol ? 'down' : now > before + tol ? 'up' : 'flat';
}

export function lossSummary(m: ViewModel): string {
  const w = m.w;
  const e = m.summaries[m.epoch - 1];
  if (!e) return w.noEpochYet;
  const back: EpochSummary | undefined = m.summaries[Math.max(0, m.epoch - 11)];
  const earlier = back && back !== e ? back : undefined;
  const f = (v: number): string => formatCompact(v, m.fmt);
  const t = w.trendWords;
  return w.lossSummary(
    m.epoch,
    f(e.loss),
    t[trend(e.loss, earlier?.loss)],
    e.valLoss !== undefined ? f(e.valLoss) : undefined,
    t[trend(e.valLoss ?? NaN, earlier?.valLoss)],
  );
}

export function fitSummary(m: ViewModel, yRange: Range): string {
  const w = m.w;
  const fit = m.fit;
  const info = m.info;
  if (!fit || !info) return '';
  const f = (v: number): string => formatCompact(v, m.fmt);
  const finite = (vs: number[]): number[] => vs.filter(Number.isFinite);
  const targets = info.data.targets.map((t) => t[0]);
  const tLo = Math.min(...targets);
  const tHi = Math.max(...targets);
  if (fit.kind === 'curve') {
    const last = fit.xs.length - 1;
    return w.curveSummary(
      m.epoch,
      f(fit.xs[0]),
      f(fit.ys[0]),
      f(fit.xs[last]),
      f(fit.ys[last]),
      targets.length,
      f(tLo),
      f(tHi),
    );
  }
  const preds = finite(fit.pred);
  const off = fit.pred.filter((p) => offScale(p, yRange) !== 0 || !Number.isFinite(p)).length;
  if (preds.length === 0) return w.predSummary(m.epoch, 'NaN', 'NaN', f(tLo), f(tHi), off, fit.pred.length);
  return w.predSummary(
    m.epoch,
    f(Math.min(...preds)),
    f(Math.max(...preds)),
    f(tLo),
    f(tHi),
    off,
    fit.pred.length,
  );
}

export function landscapeSummary(m: ViewModel, l: Landscape, W: number, B: number): string {
  const f = (v: number): string => formatCompact(v, m.fmt);
  let best = -1;
  l.loss.forEach((v, i) => {
    if (Number.isFinite(v) && (best < 0 || v < l.loss[best])) best = i;
  });
  const loss = m.summaries[m.epoch - 1]?.loss;
  const at = (range: [number, number], k: number): number =>
    range[0] + ((range[1] - range[0]) * k) / (l.n - 1);
  const wMin = best < 0 ? NaN : at(l.w, best % l.n);
  const bMin = best < 0 ? NaN : at(l.b, Math.floor(best / l.n));
  return m.w.landscapeSummary(
    m.epoch,
    f(W),
    f(B),
    loss === undefined ? '—' : f(loss),
    f(wMin),
    f(bMin),
    f(l.loss[best] ?? NaN),
  );
}

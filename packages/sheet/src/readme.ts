import { type Fix, findFixes } from '@unha/engine';
import { divergenceText, explainDivergence, explainEpoch, renderText } from '@unha/explain';
import type { Context } from './context';
import type { InputsLayout } from './inputs';
import { hasDropout, schedule } from './size';

/** The "how to read this sheet" page: what each sheet and each column group is, and what to try. */
export function writeReadme(
  ctx: Context,
  inputs: InputsLayout,
  title: string,
  divergence: string[] | undefined,
  training: string[],
): void {
  const { wb, msg, trace, st } = ctx;
  const r = msg.readme;
  const sheet = wb.addSheet(msg.sheets.readme);
  sheet.width(0, 120);
  let row = 0;
  const line = (text: string, style = st.para): void => {
    sheet.text(row++, 0, text, style);
  };
  line(title, st.title);
  line(r.title, st.section);
  for (const p of r.intro) line(p);
  row++;
  line(r.columnsTitle, st.section);
  for (const c of r.columns) line(`• ${c}`);
  row++;
  line(r.tryTitle, st.section);
  for (const t of r.tryLines(inputs.learningRate.replace(/\$/g, ''), msg.sheets.inputs)) line(`• ${t}`);
  row++;
  const exp = trace.experiment;
  const notes: string[] = [];
  if (trace.normalization) notes.push(r.normalized);
  if ((exp.l2 ?? 0) > 0) notes.push(r.l2);
  if (hasDropout(exp)) notes.push(r.dropout);
  if (schedule(exp, trace.train.rows.length).miniBatch) notes.push(r.miniBatches);
  if (training.length > 1) notes.push(r.pages(training[0], training.slice(1)));
  if (trace.validation && trace.validation.rows.length > 0)
    notes.push(r.heldOut(trace.validation.rows.length));
  const drawn = schedule(exp, trace.train.rows.length, trace.epochs.length).epochs < exp.epochs;
  if (trace.diverged)
    notes.push(
      drawn ? r.divergedDrawn(trace.diverged.epoch, trace.epochs.length) : r.diverged(trace.diverged.epoch),
    );
  if (!ctx.nt.simple) notes.push(r.names);
  notes.push(r.noCache);
  line(r.notesTitle, st.section);
  for (const n of notes) line(`• ${n}`);
  // What `unha run` says about a divergence: what exploded, why, and the fixes that were tried.
  if (divergence) {
    row++;
    line(divergence[0], st.section);
    for (const d of divergence.slice(1)) line(d.trimStart());
  }
  row++;
  line(r.closing, st.note);
}

/**
 * The explanation of epoch 1 in words, one line per row, from @unha/explain (or from lines the caller
 * gives). Text cells only: an explanation line starting with '=' stays text.
 */
export function writeExplanation(
  ctx: Context,
  lines: string[] | undefined,
  decimals: number,
  divergence: string[] | undefined,
): void {
  const { wb, msg, st } = ctx;
  const sheet = wb.addSheet(msg.sheets.explain);
  sheet.width(0, 140);
  const text = lines ?? explanationLines(ctx, decimals, divergence);
  sheet.text(0, 0, msg.explain.title, st.title);
  // renderText's layout: '== title ==', section titles flush left, their lines indented.
  text.forEach((t, i) => {
    if (t.trim() === '') return;
    const heading = /^==.*==$/.test(t.trim()) || (lines === undefined && !/^\s/.test(t));
    sheet.text(i + 2, 0, t.trim().replace(/^==\s*|\s*==$/g, ''), heading ? st.section : st.text);
  });
}

/**
 * The explanation of a run's divergence, as `unha run` prints it (what exploded, why, the fixes that
 * were tried), or undefined when it did not diverge. `fixes` default to the engine's findFixes, which
 * trains each candidate again: a caller that already has them passes them.
 */
export function divergenceLines(
  ctx: Context,
  decimals: number,
  fixes: readonly Fix[] | undefined,
): string[] | undefined {
  const trace = ctx.trace;
  if (!trace.diverged) return undefined;
  const dv = explainDivergence(trace, fixes ?? findFixes(trace.experiment), { locale: ctx.locale, decimals });
  return dv ? divergenceText(dv) : undefined;
}

function explanationLines(ctx: Context, decimals: number, divergence: string[] | undefined): string[] {
  // No epoch 1 to explain: say why (the divergence), flush left then indented, as renderText lays out.
  if (ctx.trace.epochs.length === 0)
    return divergence
      ? [divergence[0], ...divergence.slice(1).map((d) => `  ${d.trimStart()}`)]
      : [ctx.msg.explain.missing];
  try {
    const doc = explainEpoch(ctx.trace, 1, { locale: ctx.locale });
    return renderText(doc, { locale: ctx.locale, decimals }).split('\n');
  } catch {
    // A trace kept without its nodes cannot be explained: say so instead of failing the export.
    return [ctx.msg.explain.missing];
  }
}

import type { ExplainDoc, ExplainLine, ExplainSection } from '../doc';
import type { Locale } from '../format';
import { add, fn, frac, num, rel, sub, sum, sym } from '../math';
import { byChar, lmMessages } from './context';
import type { SampleStepView } from './input';
import { libm } from '@unha/engine';

export interface SampleExplainOptions {
  locale: Locale;
  temperature: number;
  topK?: number;
  /** How many kept characters to list one by one before showing only the draw's neighbours (default 8). */
  maxListed?: number;
}

/**
 * How each sampled character was chosen: the logits divided by the temperature, the ones top-k kept,
 * softmax, the cumulative distribution in the vocabulary's order, the uniform u the seeded generator
 * drew, and the first character whose cumulative probability exceeds u. Every number is the
 * engine's SampleStep; nothing is drawn again here.
 */
export function explainSample(
  chars: string[],
  samples: { word: string; steps: SampleStepView[] }[],
  opts: SampleExplainOptions,
): ExplainDoc {
  const m = lmMessages(opts.locale);
  const ch = (t: number): string => (chars[t] === ' ' ? '␣' : chars[t]);
  const maxListed = opts.maxListed ?? 8;
  let partial = false;
  const sections: ExplainSection[] = samples.map((s, w) => {
    const lines: ExplainLine[] = [];
    if (w === 0) lines.push({ text: m.sampleIntro(opts.temperature, opts.topK), note: true });
    s.steps.forEach((st, i) => {
      const c = st.choice;
      lines.push({ text: m.charAt(i + 1, st.context.map(ch).join('')) });
      lines.push({
        chain: [
          byChar('s', ch(c)),
          frac(byChar('logit', ch(c)), sym('T')),
          frac(num(st.logits[c]), num(opts.temperature)),
          num(st.scaled[c]),
        ],
      });
      const kept = [...st.kept].sort((x, y) => x - y);
      if (opts.topK !== undefined && kept.length < chars.length)
        lines.push({ text: m.kept(kept.length, kept.map(ch).join(' ')), note: true });
      // Softmax over the kept values, worked out for the chosen character (the others are alike).
      let mx = -Infinity;
      for (const t of kept) mx = Math.max(mx, st.scaled[t]);
      const S = kept.reduce((a, t) => a + libm.exp(st.scaled[t] - mx), 0);
      const sC = byChar('s', ch(c));
      lines.push({ text: m.sampleSoftmax, note: true });
      lines.push({
        chain: [
          byChar('p', ch(c)),
          frac(fn('exp', sub(sC, sym('max'))), sum('c', fn('exp', sub(byChar('s', 'c'), sym('max'))))),
          frac(fn('exp', sub(num(st.scaled[c]), num(mx))), num(S)),
          num(st.probs[c]),
        ],
      });
      lines.push({ text: m.cdf, note: true });
      // The kept characters in the vocabulary's order, each F[c] = F[previous] + p[c]; only the
      // draw's neighbours when there are many.
      const pos = kept.indexOf(c);
      const listed = kept.length <= maxListed ? kept : kept.slice(Math.max(pos - 1, 0), pos + 1);
      if (listed.length < kept.length) partial = true;
      for (const t of listed) {
        const k = kept.indexOf(t);
        const prev = k > 0 ? kept[k - 1] : undefined;
        lines.push({
          chain:
            prev === undefined
              ? [byChar('F', ch(t)), byChar('p', ch(t)), num(st.cdf[t])]
              : [
                  byChar('F', ch(t)),
                  add(byChar('F', ch(prev)), byChar('p', ch(t))),
                  add(num(st.cdf[prev]), num(st.probs[t])),
                  num(st.cdf[t]),
                ],
        });
      }
      if (listed.length < kept.length)
        lines.push({ text: m.moreChars(kept.length - listed.length), note: true });
      lines.push({ text: m.draw, chain: [sym('u'), num(st.u)] });
      const prev = pos > 0 ? kept[pos - 1] : undefined;
      lines.push({
        text: m.chosen(ch(c)),
        chain: [
          rel(
            ...(prev !== undefined
              ? [byChar('F', ch(prev)), '=' as const, num(st.cdf[prev]), '≤' as const]
              : []),
            sym('u'),
            '=',
            num(st.u),
            '<',
            byChar('F', ch(c)),
            '=',
            num(st.cdf[c]),
          ),
        ],
      });
      if (c === 0) lines.push({ text: m.endOfWord, note: true });
    });
    return { id: 'sample', title: m.word(w + 1, s.word), lines };
  });
  return { locale: opts.locale, kind: 'sample', step: 0, title: m.sampleTitle, partial, sections };
}

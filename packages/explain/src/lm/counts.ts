import type { ExplainDoc, ExplainLine } from '../doc';
import { type Expr, add, fn, frac, mul, neg, num, paren, sum, sym, text } from '../math';
import { type LmMessages } from '../locales/lm-en';
import type { Locale } from '../format';
import { byChar } from './context';
import { lmMessages } from './context';
import type { LmRunView } from './input';
import { libm } from '@unha/engine';

export interface CountsExplainOptions {
  locale: Locale;
  /** 1-based training example: its context character a and target b are the pair explained; default 1. */
  example?: number;
}

/** N[a,b]: the count of b after a, indexed by the two characters. */
const pairSym = (base: string, a: string, b: string): Expr => sym(base, undefined, [a, b]);

/**
 * The counting model, by hand, for one pair of the training data: how often b followed a, the add-k
 * smoothing, the row's total and the probability P(b | a), and its loss −ln P. The counts and the
 * probability are the engine's table; the row's total is the explanation's sum, which tests hold to it.
 */
export function explainCounts(run: LmRunView, opts: CountsExplainOptions): ExplainDoc {
  const m: LmMessages = lmMessages(opts.locale);
  const table = run.model.counts;
  const layer = run.model.layers.find((l) => l.type === 'counts');
  if (!table || !layer || layer.type !== 'counts') throw new Error('explain: not a counting model');
  const k = layer.smoothing;
  const chars = run.data.vocab.chars;
  const V = chars.length;
  const train = run.data.train;
  const row = Math.min(Math.max(opts.example ?? 1, 1), train.count) - 1;
  const a = train.contexts[row * train.context + train.context - 1];
  const b = train.targets[row];
  const ch = (t: number): string => (chars[t] === ' ' ? '␣' : chars[t]);
  const N = table.N[a];
  const rowTotal = N.reduce((s, v) => s + v + k, 0);
  const shown = Math.min(V, 4);
  const lines: ExplainLine[] = [
    { text: m.countsIntro, note: true },
    { text: m.countPair(ch(a), ch(b)), chain: [pairSym('N', ch(a), ch(b)), num(N[b])] },
    { text: m.smoothingNote(k, V), note: true },
    {
      text: m.countRow(ch(a)),
      chain: [
        sum('c', paren(add(pairSym('N', ch(a), 'c'), sym('k')))),
        add(
          ...Array.from({ length: shown }, (_, c) => paren(add(num(N[c]), num(k)))),
          ...(V > shown ? [text(m.more(V - shown))] : []),
        ),
        add(num(N.reduce((s, v) => s + v, 0)), mul(num(V), num(k))),
        num(rowTotal),
      ],
    },
    {
      text: m.pairP(ch(a), ch(b)),
      chain: [
        byChar('P', `${ch(b)}|${ch(a)}`),
        frac(
          add(pairSym('N', ch(a), ch(b)), sym('k')),
          sum('c', paren(add(pairSym('N', ch(a), 'c'), sym('k')))),
        ),
        frac(add(num(N[b]), num(k)), num(rowTotal)),
        num(table.P[a][b]),
      ],
    },
    {
      text: m.pairLoss,
      chain: [
        sym('ℓ'),
        neg(fn('ln', byChar('P', `${ch(b)}|${ch(a)}`))),
        neg(fn('ln', num(table.P[a][b]))),
        num(-libm.log(table.P[a][b])),
      ],
    },
    { text: m.uniform(V), chain: [fn('ln', num(V)), num(libm.log(V))], note: true },
  ];
  return {
    locale: opts.locale,
    kind: 'counts',
    step: 0,
    example: row + 1,
    title: m.countsTitle,
    partial: V > shown,
    sections: [{ id: 'counts', title: m.countsTitle, lines }],
  };
}

import { type Styles, registerStyles } from '../context';
import {
  type LmMessages,
  type SheetLocale,
  type SheetMessages,
  lmMessages,
  sheetMessages,
} from '../locales/index';
import type { Workbook } from '../xlsx';
import type { LmSheetRun } from './run';

/** What every part of the language-model layout needs: the workbook, the run, the words and the styles. */
export class LmContext {
  readonly msg: SheetMessages;
  readonly lm: LmMessages;
  readonly st: Styles;
  readonly V: number;
  /** Dense layers after the embedding (0 for the neural bigram). */
  readonly L: number;

  constructor(
    readonly wb: Workbook,
    readonly run: LmSheetRun,
    readonly locale: SheetLocale,
  ) {
    this.msg = sheetMessages(locale);
    this.lm = lmMessages(locale);
    this.st = registerStyles(wb);
    this.V = run.chars.length;
    this.L = run.dense.length;
  }

  /** Inputs of dense layer l: the context's embedding rows side by side for l = 1. */
  fanIn(l: number): number {
    return l === 1 ? this.run.context * this.run.dim : this.run.dense[l - 2].units;
  }

  /** Units of dense layer l. */
  units(l: number): number {
    return this.run.dense[l - 1].units;
  }

  /** A character as a label: the boundary token stays '.'. */
  char(v: number): string {
    return this.run.chars[v];
  }

  /** Input k of dense layer l: E[c2,1] is number 1 of the row of E of the second context character. */
  inputName(l: number, k: number): string {
    if (l > 1) return `a${l - 1}[${k + 1}]`;
    const D = this.run.dim;
    return `E[c${Math.floor(k / D) + 1},${(k % D) + 1}]`;
  }

  /** Unit j of dense layer l: the last layer's units are the characters. */
  unitName(l: number, j: number): string {
    return l === this.L ? this.char(j) : this.msg.inputs.unit(j + 1);
  }

  /** Element k (row-major) of a parameter: E[a,1] (character a), W1[2,3], b2[a]. */
  paramName(name: string, k: number): string {
    if (name === 'E') {
      const D = this.run.dim;
      const v = Math.floor(k / D);
      return this.L === 0 ? `E[${this.char(v)},${this.char(k % D)}]` : `E[${this.char(v)},${(k % D) + 1}]`;
    }
    const l = Number(name.slice(1));
    const last = l === this.L;
    if (name.startsWith('b')) return `${name}[${last ? this.char(k) : k + 1}]`;
    const fanIn = this.fanIn(l);
    const j = Math.floor(k / fanIn);
    return `${name}[${last ? this.char(j) : j + 1},${(k % fanIn) + 1}]`;
  }
}

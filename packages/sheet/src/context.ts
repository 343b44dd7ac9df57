import type { Trace } from '@unha/engine';
import { type Notation, notation, toPlain } from '@unha/explain';
import { type SheetLocale, type SheetMessages, sheetMessages } from './locales/index';
import type { Workbook } from './xlsx';

/** The style ids every sheet uses, registered once per workbook. */
export interface Styles {
  title: number;
  section: number;
  header: number;
  note: number;
  label: number;
  /** An editable input (yellow). */
  input: number;
  /** A computed number. */
  num: number;
  /** A computed number on the last row of a block (a line under it). */
  numEnd: number;
  /** Epoch / step / example numbers. */
  id: number;
  idEnd: number;
  /** A number drawn by the engine (dropout mask): an input, not a formula. */
  drawn: number;
  drawnEnd: number;
  text: number;
  /** A text cell that wraps (long lines of the read-me). */
  para: number;
}

/** Number format of the computed cells: six decimals, as a hand calculation would keep. */
export const NUMBER_FORMAT = '0.000000';

export function registerStyles(wb: Workbook): Styles {
  return {
    title: wb.style({ bold: true, size: 14 }),
    section: wb.style({ bold: true, size: 12, color: 'FF1F4E79' }),
    header: wb.style({ bold: true, fill: 'FFD9E1F2', align: 'center' }),
    note: wb.style({ italic: true, color: 'FF595959' }),
    label: wb.style({}),
    input: wb.style({ fill: 'FFFFF2CC' }),
    num: wb.style({ numFmt: NUMBER_FORMAT }),
    numEnd: wb.style({ numFmt: NUMBER_FORMAT, borderBottom: true }),
    id: wb.style({ align: 'center' }),
    idEnd: wb.style({ align: 'center', borderBottom: true }),
    drawn: wb.style({ fill: 'FFFFF2CC', align: 'center' }),
    drawnEnd: wb.style({ fill: 'FFFFF2CC', align: 'center', borderBottom: true }),
    text: wb.style({}),
    para: wb.style({ wrap: true }),
  };
}

/** Names of the quantities as the explanation writes them (W and B for one neuron, W2[1,3] for networks). */
export interface Symbols {
  input(l: number, i: number): string;
  z(l: number, j: number): string;
  a(l: number, j: number): string;
  yhat(o: number): string;
  y(o: number): string;
  e(o: number): string;
  /** Parameter element k (row-major) of W1, b1, ... */
  param(name: string, k: number): string;
  layerWeights(l: number): string;
  layerBias(l: number): string;
}

/** What every part of the layout needs: the workbook, the run, the words and the styles. */
export class Context {
  readonly msg: SheetMessages;
  readonly st: Styles;
  readonly sym: Symbols;
  readonly nIn: number;
  readonly nOut: number;
  readonly nt: Notation;

  constructor(
    readonly wb: Workbook,
    readonly trace: Trace,
    readonly locale: SheetLocale,
  ) {
    this.msg = sheetMessages(locale);
    this.st = registerStyles(wb);
    const exp = trace.experiment;
    this.nIn = exp.data.inputs[0].length;
    this.nOut = exp.data.targets[0].length;
    const nt = (this.nt = notation(exp));
    const fmt = { locale, decimals: 6 } as const;
    const s = (e: Parameters<typeof toPlain>[0]): string => toPlain(e, fmt);
    this.sym = {
      input: (l, i) => s(nt.input(l, i)),
      z: (l, j) => s(nt.z(l, j)),
      a: (l, j) => s(nt.a(l, j)),
      yhat: (o) => s(nt.yhat(o)),
      y: (o) => s(nt.y(o)),
      e: (o) => s(nt.e(o)),
      param: (name, k) => s(nt.param(name, k)),
      layerWeights: (l) => (nt.simple ? 'W' : `W${l}`),
      layerBias: (l) => (nt.simple ? 'B' : `b${l}`),
    };
  }

  get layers(): Trace['experiment']['model']['layers'] {
    return this.trace.experiment.model.layers;
  }

  /** Inputs of layer l: the data's inputs for l = 1, the previous layer's units otherwise. */
  fanIn(l: number): number {
    return l === 1 ? this.nIn : this.layers[l - 2].units;
  }
}

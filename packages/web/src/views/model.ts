import type { Diverged, Experiment, Fix, ParamValues } from '@unha/engine';
import type { ExplainDoc, NumberFormat } from '@unha/explain';
import { notation, toPlain } from '@unha/explain';
import type { Words } from '../i18n';
import type { EpochSummary, Fit, Landscape, RunInfo } from '../protocol';
import type { LabState } from '../state';

/** What every view draws from: the page's state plus the numbers the worker sent. */
export interface ViewModel {
  state: LabState;
  w: Words;
  fmt: NumberFormat;
  experiment?: Experiment;
  info?: RunInfo;
  /** summaries[i] is epoch i + 1. */
  summaries: EpochSummary[];
  /** The epoch on display (0: initial parameters). */
  epoch: number;
  doc: ExplainDoc | null;
  docError?: string;
  /** The epoch `doc` / `docError` explain: behind `epoch` while a long explanation is not followed during play. */
  docEpoch: number;
  fit?: Fit;
  landscape?: Landscape;
  diverged?: Diverged;
  fixes?: Fix[];
  /** The run has no more epochs to compute (the limit, or a divergence). */
  done: boolean;
  maxEpochs: number;
  playing: boolean;
}

/** The model of a new run, before the worker's first message: no epochs yet, shown at 0. */
export function emptyModel(state: LabState, w: Words, experiment: Experiment): ViewModel {
  return {
    state,
    w,
    fmt: { locale: state.lang, decimals: 4 },
    experiment,
    summaries: [],
    epoch: 0,
    doc: null,
    docEpoch: 0,
    done: false,
    maxEpochs: experiment.epochs,
    playing: false,
  };
}

export function paramsAt(m: ViewModel, epoch: number): ParamValues | undefined {
  if (epoch === 0) return m.info?.initial;
  return m.summaries[epoch - 1]?.params;
}

export interface ScalarParam {
  name: string;
  index: number;
  label: string;
}

/** Every number of the parameters, named the way the explanation writes them (W, B or W2[1,3]). */
export function scalarParams(exp: Experiment, names: string[], fmt: NumberFormat): ScalarParam[] {
  const nt = notation(exp);
  const layers = exp.model.layers;
  const out: ScalarParam[] = [];
  for (const name of names) {
    const l = Number(name.slice(1));
    const fanIn = l === 1 ? exp.data.inputs[0].length : layers[l - 2].units;
    const size = name.startsWith('W') ? layers[l - 1].units * fanIn : layers[l - 1].units;
    for (let index = 0; index < size; index++)
      out.push({ name, index, label: toPlain(nt.param(name, index), fmt) });
  }
  return out;
}

/** The value of one scalar parameter in a set of parameter values (row-major inside W). */
export function valueOf(p: ParamValues, name: string, index: number): number {
  const v = p[name];
  if (!v) return NaN;
  if (Array.isArray(v[0])) {
    const m = v as number[][];
    const w = m[0].length;
    return m[Math.floor(index / w)][index % w];
  }
  return (v as number[])[index];
}

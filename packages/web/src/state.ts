import {
  type Experiment,
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  type Overrides,
  applyOverrides,
  formatOverride,
  parseDecimal,
  readOverride,
} from '@unha/engine';

export type Locale = 'pt-BR' | 'en';

/**
 * Everything a link must carry to reproduce what the lab shows. The URL is its only home: the page
 * reads it at load and writes it back after every change, so copying the address shares the view.
 */
export interface LabState {
  /** A built-in lesson id; ignored when `exp` is present. */
  lesson: string;
  /** An experiment loaded from a file, as base64url JSON (TF Playground keeps its experiment in the URL too). */
  exp?: string;
  /**
   * Hyperparameters over the lesson's (or file's) own values; absent means "as written". Their keys
   * in the link are the engine's OVERRIDE_FIELDS, the same table the CLI's flags come from.
   */
  overrides: Overrides;
  lang: Locale;
  /** The epoch on display: 0 is the initial parameters, n is after the n-th update. */
  step: number;
  /** Loss curve on a logarithmic axis. */
  log: boolean;
  /** Play speed in epochs per second, one of SPEEDS; absent means DEFAULT_SPEED. */
  speed?: number;
  /**
   * Which piece of the calculation is shown (1-based): the step of the epoch (a mini-batch), the layer,
   * the unit, the example. Absent: the whole (and the epoch's last step). A link keeps "Layer shown".
   */
  detail?: Detail;
}

export interface Detail {
  step?: number;
  layer?: number;
  unit?: number;
  example?: number;
}

/** The detail's keys in the link (`step` is the epoch's, so the batch step is `bstep`). */
const DETAIL_KEYS: [keyof Detail, string][] = [
  ['step', 'bstep'],
  ['layer', 'layer'],
  ['unit', 'unit'],
  ['example', 'example'],
];

export const DEFAULT_LESSON = 'one-neuron';
/** The play speeds offered, in epochs per second. */
export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 240, 1000];
export const DEFAULT_SPEED = 5;

function parseInt10(s: string | null): number | undefined {
  const v = s === null ? undefined : parseDecimal(s);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

function parseLang(s: string | null | undefined): Locale | undefined {
  if (!s) return undefined;
  const t = s.toLowerCase();
  if (t.startsWith('pt')) return 'pt-BR';
  if (t.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The state in a query string. Values that cannot be read are left out (the lesson's own value
 * stands); values that can be read but are not allowed (lr=-1) pass through, so the experiment's
 * validation can name the problem on the page.
 */
export function parseState(search: string, browserLang?: string): LabState {
  const q = new URLSearchParams(search);
  const overrides: Record<string, unknown> = {};
  for (const key of OVERRIDE_KEYS) {
    const text = q.get(OVERRIDE_FIELDS[key].query);
    const v = text === null ? undefined : readOverride(key, text);
    if (v !== undefined) overrides[key] = v;
  }
  const state: LabState = {
    lesson: q.get('lesson') ?? DEFAULT_LESSON,
    overrides,
    lang: parseLang(q.get('lang')) ?? parseLang(browserLang) ?? 'en',
    step: Math.max(0, parseInt10(q.get('step')) ?? 0),
    log: q.get('log') === '1',
  };
  const speed = parseInt10(q.get('speed'));
  if (speed !== undefined && speed !== DEFAULT_SPEED && SPEEDS.includes(speed)) state.speed = speed;
  const exp = q.get('exp');
  if (exp) state.exp = exp;
  const detail: Detail = {};
  for (const [key, name] of DETAIL_KEYS) {
    const v = parseInt10(q.get(name));
    if (v !== undefined && v >= 1) detail[key] = v;
  }
  if (Object.keys(detail).length) state.detail = detail;
  return state;
}

/** The query string for a state (with '?'), fields always in the same order so links compare. */
export function serializeState(s: LabState): string {
  const q = new URLSearchParams();
  if (s.exp) q.set('exp', s.exp);
  else q.set('lesson', s.lesson);
  for (const key of OVERRIDE_KEYS) {
    const v = s.overrides[key];
    if (v !== undefined) q.set(OVERRIDE_FIELDS[key].query, formatOverride(key, v));
  }
  q.set('lang', s.lang);
  if (s.step > 0) q.set('step', String(s.step));
  if (s.log) q.set('log', '1');
  if (s.speed !== undefined && s.speed !== DEFAULT_SPEED) q.set('speed', String(s.speed));
  for (const [key, name] of DETAIL_KEYS) {
    const v = s.detail?.[key];
    if (v !== undefined) q.set(name, String(v));
  }
  // ':' and ',' mean nothing special in a query string: left as typed, `layers=4:tanh,1` reads as the flag.
  return `?${q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
}

/**
 * The experiment to run: the lesson's or file's, with the state's overrides on top (the engine's
 * applyOverrides, as the CLI's flags). The result is raw data for validateExperiment, which names
 * any bad value (a negative rate from a hand-edited link). The lab keeps momentum in the state when
 * Adam is chosen, so that going back to sgd restores it; it applies to sgd only, and 0 is none.
 */
export function experimentFor(base: Experiment, s: LabState): unknown {
  const sgd = (s.overrides.optimizer ?? base.optimizer.name) === 'sgd';
  const out = applyOverrides(base, sgd ? s.overrides : { ...s.overrides, momentum: undefined });
  const o = out.optimizer as Record<string, unknown>;
  if (o.momentum === 0) delete o.momentum;
  return out;
}

/** Another experiment (a lesson, or a file as `exp`) from epoch 0; how the view is set stays. */
export function freshState(s: LabState, next: { lesson: string; exp?: string }): LabState {
  return { ...next, overrides: {}, lang: s.lang, step: 0, log: s.log, speed: s.speed };
}

/** Whether two states are the same run: only the number of epochs and how it is shown may differ. */
export function sameRun(a: LabState, b: LabState): boolean {
  return (
    a.lesson === b.lesson &&
    a.exp === b.exp &&
    OVERRIDE_KEYS.every(
      (k) => k === 'epochs' || JSON.stringify(a.overrides[k]) === JSON.stringify(b.overrides[k]),
    )
  );
}

/** JSON text <-> URL-safe base64 of its UTF-8 bytes. */
export function encodeExperiment(json: string): string {
  const bytes = new TextEncoder().encode(json);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeExperiment(code: string): string | undefined {
  try {
    const b64 = code.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

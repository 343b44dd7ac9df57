import type { Experiment, OptimizerName } from '@unha/engine';
import { OPTIMIZERS } from '@unha/engine';

export type Locale = 'pt-BR' | 'en';

/**
 * Everything a link must carry to reproduce what the lab shows. The URL is its only home: the page
 * reads it at load and writes it back after every change, so copying the address shares the view.
 * Hyperparameters are overrides of the lesson's (or file's) own values; absent means "as written".
 */
export interface LabState {
  /** A built-in lesson id; ignored when `exp` is present. */
  lesson: string;
  /** An experiment loaded from a file, as base64url JSON (TF Playground keeps its experiment in the URL too). */
  exp?: string;
  lr?: number;
  opt?: OptimizerName;
  momentum?: number;
  epochs?: number;
  batch?: number;
  normalize?: boolean;
  lang: Locale;
  /** The epoch on display: 0 is the initial parameters, n is after the n-th update. */
  step: number;
  /** Loss curve on a logarithmic axis. */
  log: boolean;
}

export const DEFAULT_LESSON = 'one-neuron';

/** Reads a number as a person may type it: 0.1 or 0,1. */
export function parseNumber(s: string | null | undefined): number | undefined {
  if (s === null || s === undefined) return undefined;
  const t = s.trim().replace(',', '.').replace('−', '-');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

function parseInt10(s: string | null): number | undefined {
  const v = parseNumber(s);
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
  const state: LabState = {
    lesson: q.get('lesson') ?? DEFAULT_LESSON,
    lang: parseLang(q.get('lang')) ?? parseLang(browserLang) ?? 'en',
    step: Math.max(0, parseInt10(q.get('step')) ?? 0),
    log: q.get('log') === '1',
  };
  const exp = q.get('exp');
  if (exp) state.exp = exp;
  const lr = parseNumber(q.get('lr'));
  if (lr !== undefined) state.lr = lr;
  const opt = q.get('opt');
  if (opt && (OPTIMIZERS as readonly string[]).includes(opt)) state.opt = opt as OptimizerName;
  const momentum = parseNumber(q.get('momentum'));
  if (momentum !== undefined) state.momentum = momentum;
  const epochs = parseInt10(q.get('epochs'));
  if (epochs !== undefined) state.epochs = epochs;
  const batch = parseInt10(q.get('batch'));
  if (batch !== undefined) state.batch = batch;
  const norm = q.get('normalize');
  if (norm === '1' || norm === '0') state.normalize = norm === '1';
  return state;
}

/** The query string for a state (with '?'), fields always in the same order so links compare. */
export function serializeState(s: LabState): string {
  const q = new URLSearchParams();
  if (s.exp) q.set('exp', s.exp);
  else q.set('lesson', s.lesson);
  if (s.lr !== undefined) q.set('lr', String(s.lr));
  if (s.opt !== undefined) q.set('opt', s.opt);
  if (s.momentum !== undefined) q.set('momentum', String(s.momentum));
  if (s.epochs !== undefined) q.set('epochs', String(s.epochs));
  if (s.batch !== undefined) q.set('batch', String(s.batch));
  if (s.normalize !== undefined) q.set('normalize', s.normalize ? '1' : '0');
  q.set('lang', s.lang);
  if (s.step > 0) q.set('step', String(s.step));
  if (s.log) q.set('log', '1');
  return `?${q.toString()}`;
}

/**
 * The experiment to run: the lesson's or file's, with the state's overrides on top. The result is
 * raw data for validateExperiment, which names any bad value (a negative rate from a hand-edited link).
 */
export function applyOverrides(base: Experiment, s: LabState): unknown {
  const o = base.optimizer;
  const name = s.opt ?? o.name;
  const optimizer: Record<string, unknown> = { name, lr: s.lr ?? o.lr };
  if (name === 'sgd') {
    const m = s.momentum ?? (o.name === 'sgd' ? o.momentum : undefined);
    if (m !== undefined && m !== 0) optimizer.momentum = m;
  } else if (o.name === 'adam') {
    for (const k of ['beta1', 'beta2', 'eps'] as const) if (o[k] !== undefined) optimizer[k] = o[k];
  }
  const out: Record<string, unknown> = { ...base, optimizer };
  if (s.epochs !== undefined) out.epochs = s.epochs;
  if (s.batch !== undefined) out.batchSize = s.batch;
  if (s.normalize !== undefined) out.normalize = s.normalize;
  return out;
}

/** Which overrides change the run itself (not only how far it goes or how it is shown). */
export function sameRun(a: LabState, b: LabState): boolean {
  return (
    a.lesson === b.lesson &&
    a.exp === b.exp &&
    a.lr === b.lr &&
    a.opt === b.opt &&
    a.momentum === b.momentum &&
    a.batch === b.batch &&
    a.normalize === b.normalize
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

import type { Issue, PathPart } from '../errors';
import type { LayerSpec } from '../experiment';
import { type ModelFile, MODEL_FORMAT, fromModelFile } from '../model';
import type { SafetensorsFile, SafetensorsWriteDtype } from './safetensors';
import { writeSafetensors } from './safetensors';
import {
  type NamedValues,
  baseMetadata,
  metadataJson,
  shaped,
  tensorsOf,
  valuesFromTensors,
} from './weights';

/**
 * A dense network (a regression model, `unha run --save`) as safetensors: W1 [units, inputs], b1
 * [units], W2 [units2, units], … (torch.nn.Linear's weight layout, as ModelFile.params keeps them);
 * the rest of the model file in `__metadata__`: inputs, layers, normalization, input_names,
 * target_names, trained (JSON texts) beside format/version/kind/experiment.
 */

/** Metadata keys of a dense file and the ModelFile field each holds. */
const FIELDS: [key: string, field: keyof ModelFile][] = [
  ['inputs', 'inputs'],
  ['layers', 'layers'],
  ['normalization', 'normalization'],
  ['input_names', 'inputNames'],
  ['target_names', 'targetNames'],
  ['trained', 'trained'],
  ['experiment', 'experiment'],
];

/** The parameters' names and shapes, layer by layer: W of [units, fan-in], then b of [units]. */
export function denseParamShapes(inputs: number, layers: readonly LayerSpec[]): [string, number[]][] {
  const out: [string, number[]][] = [];
  let fanIn = inputs;
  layers.forEach((l, i) => {
    out.push([`W${i + 1}`, [l.units, fanIn]], [`b${i + 1}`, [l.units]]);
    fanIn = l.units;
  });
  return out;
}

/** A dense model file as a safetensors file (F64 keeps every bit; F32 rounds each value). */
export function denseSafetensors(
  m: ModelFile,
  dtype: SafetensorsWriteDtype,
  extra: Record<string, string> = {},
): Uint8Array {
  const meta = baseMetadata('dense', m.experiment);
  if (m.experiment === undefined) delete meta.experiment;
  for (const [key, field] of FIELDS)
    if (key !== 'experiment' && m[field] !== undefined) meta[key] = JSON.stringify(m[field]);
  return writeSafetensors(tensorsOf(m.params, denseParamShapes(m.inputs, m.layers)), dtype, {
    ...meta,
    ...extra,
  });
}

/** A model file's issue path as the place in the safetensors file that held the value. */
function filePath(path: PathPart[]): PathPart[] {
  const [head, ...rest] = path;
  if (head === 'params') return ['header', ...rest];
  const key = FIELDS.find(([, f]) => f === head)?.[0];
  return key ? ['header', '__metadata__', key, ...rest] : ['header', '__metadata__', ...path];
}

/** Every tensor by its own name, as the model file holds values (a vector for 1-D, rows for 2-D). */
export function namedTensors(file: Pick<SafetensorsFile, 'tensors'>): NamedValues {
  const out: NamedValues = {};
  for (const t of file.tensors) out[t.name] = shaped(t.values, t.shape);
  return out;
}

/**
 * The dense model a safetensors file holds, checked by the model file's own validator (the same rules
 * and limits as `model.json`), every issue pointing into the file's header or metadata.
 */
export function denseModelFromSafetensors(
  file: Pick<SafetensorsFile, 'tensors' | 'metadata'>,
): { ok: true; value: ModelFile } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const raw: Record<string, unknown> = { format: MODEL_FORMAT, version: 1 };
  for (const [key, field] of FIELDS) {
    const r = metadataJson(file, key);
    if (!r.ok) issues.push(r.issue);
    else if (r.value !== undefined) raw[field] = r.value;
  }
  for (const key of ['inputs', 'layers'])
    if (file.metadata[key] === undefined)
      issues.push({ code: 'missing', path: ['header', '__metadata__', key], expected: { key: 'text' } });
  if (issues.length > 0) return { ok: false, issues };
  raw.params = namedTensors(file);
  const r = fromModelFile(raw);
  if (!r.ok) return { ok: false, issues: r.issues.map((i) => ({ ...i, path: filePath(i.path) })) };
  return r;
}

/** Initial values for a dense experiment from a file's tensors (W1, b1, … of the experiment's shapes). */
export function denseInitFromSafetensors(
  file: Pick<SafetensorsFile, 'tensors'>,
  inputs: number,
  layers: readonly LayerSpec[],
): { ok: true; values: NamedValues } | { ok: false; issues: Issue[] } {
  return valuesFromTensors(file, denseParamShapes(inputs, layers));
}

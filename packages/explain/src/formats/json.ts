import { type InspectView, SEED_SCALES, valueName } from './inspect';
import { exactDecimal, shortestDecimal } from './numbers';
import type { ShownValue } from './values';
import { workedValue } from './values';
import { workedNumbers } from './worked';

/**
 * `unha inspect --json`: the same anatomy as numbers (no words), for scripts and the web lab. Every
 * value carries its bytes, bits and fields; `worked` adds the hand calculation's intermediate numbers
 * as exact decimal texts (a JSON number could not hold 2.0919458866119384765625).
 */
export function inspectJson(view: InspectView) {
  const a = view.anatomy;
  const shape = (t: string): number[] => a.tensors.find((x) => x.name === t)?.shape ?? [];
  const value = (v: ShownValue) => ({
    name: valueName(v.tensor, shape(v.tensor), v.index),
    tensor: v.tensor,
    index: v.index,
    dtype: v.dtype,
    fileOffset: v.fileOffset,
    bytes: v.parts.bytes,
    bits: v.parts.bits,
    sign: v.parts.sign,
    exponent: v.parts.exponent,
    bias: v.parts.bias,
    mantissa: v.parts.mantissa,
    mantissaBits: v.parts.mantissaBits,
    kind: v.parts.kind,
    value: Number.isFinite(v.parts.value) ? v.parts.value : String(v.parts.value),
    shortest: shortestDecimal(v.parts),
    exact: exactDecimal(v.parts),
  });
  const w = workedValue(view.values);
  const nums = w && workedNumbers(w.parts);
  const original = w && view.originals?.[w.tensor]?.[w.index];
  const dataBytes = a.fileBytes - a.dataStart;
  return {
    name: view.name,
    fileBytes: a.fileBytes,
    lengthBytes: a.lengthBytes,
    headerBytes: a.headerBytes,
    header: a.header,
    metadata: view.metadata,
    dataStart: a.dataStart,
    dataBytes,
    tensors: a.tensors,
    totalValues: a.totalValues,
    values: view.values.map(value),
    worked: w && {
      ...value(w),
      ...(nums && { power: nums.power, scale: nums.scale, fraction: nums.fraction }),
      ...(original !== undefined && { original }),
    },
    scales: [{ key: 'file', params: a.totalValues }, ...SEED_SCALES].map((s) => ({
      key: s.key,
      params: s.params,
      float32Bytes: s.params * 4,
      float64Bytes: s.params * 8,
    })),
  };
}

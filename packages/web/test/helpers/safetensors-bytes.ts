/**
 * Safetensors bytes made by hand for the browser tests, from the format's README and nothing of the
 * engine's: 8 bytes of header length (u64, little-endian), the header's JSON, then each tensor's values
 * little-endian, one after the other. And nanoGPT's state_dict names and shapes, written out here.
 */

export interface HandTensor {
  name: string;
  dtype: 'F32' | 'F64';
  shape: number[];
  values: number[];
}

export function handSafetensors(tensors: HandTensor[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let at = 0;
  for (const t of tensors) {
    const size = t.dtype === 'F64' ? 8 : 4;
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + t.values.length * size] };
    at += t.values.length * size;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + at);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const t of tensors)
    for (const v of t.values) {
      if (t.dtype === 'F64') dv.setFloat64(p, v, true);
      else dv.setFloat32(p, v, true);
      p += t.dtype === 'F64' ? 8 : 4;
    }
  return out;
}

/** nanoGPT's GPT state_dict keys and shapes, in its order (the tied lm_head left out). */
export function nanoGptNames(layers: number, width: number, block: number, V: number): [string, number[]][] {
  const c = width;
  const out: [string, number[]][] = [
    ['transformer.wte.weight', [V, c]],
    ['transformer.wpe.weight', [block, c]],
  ];
  for (let i = 0; i < layers; i++) {
    const h = `transformer.h.${i}`;
    out.push(
      [`${h}.ln_1.weight`, [c]],
      [`${h}.ln_1.bias`, [c]],
      [`${h}.attn.c_attn.weight`, [3 * c, c]],
      [`${h}.attn.c_attn.bias`, [3 * c]],
      [`${h}.attn.c_proj.weight`, [c, c]],
      [`${h}.attn.c_proj.bias`, [c]],
      [`${h}.ln_2.weight`, [c]],
      [`${h}.ln_2.bias`, [c]],
      [`${h}.mlp.c_fc.weight`, [4 * c, c]],
      [`${h}.mlp.c_fc.bias`, [4 * c]],
      [`${h}.mlp.c_proj.weight`, [c, 4 * c]],
      [`${h}.mlp.c_proj.bias`, [c]],
    );
  }
  out.push(['transformer.ln_f.weight', [c]], ['transformer.ln_f.bias', [c]]);
  return out;
}

/** Values as a flat row-major list (a vector, or rows). */
export const flat = (v: unknown): number[] => (v as (number | number[])[]).flat();

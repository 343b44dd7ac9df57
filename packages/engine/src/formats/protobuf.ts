/**
 * The few pieces of Protocol Buffers' wire format an ONNX file needs, written from the format's
 * description (no library): a message is a list of fields, each a key (field number · 8 + wire type)
 * as a varint followed by its value. Three wire types are enough here:
 *
 *   0 varint            integers and enums, 7 bits per byte, low bits first, high bit = "more follows"
 *   2 length-delimited  a varint length, then that many bytes: strings, bytes, nested messages and
 *                       "packed" repeated numbers (their encodings one after the other)
 *   5 fixed32           a float32, 4 bytes little-endian
 *
 * Writing is bottom-up: a nested message is built first (its bytes), then wrapped as a field of its
 * parent, whose length prefix is then known. Each function returns the bytes of one field.
 */

export const WIRE_VARINT = 0;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const TWO_64 = 1n << 64n;

/**
 * An integer as a varint. A negative int64 is written as its 64-bit two's complement, so it always
 * takes 10 bytes (as protobuf does for int32/int64; there is no zigzag for these types).
 */
export function varint(value: number | bigint): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new RangeError(`varint: ${value} is not a safe integer`);
  let v = BigInt(value);
  if (v < 0n) v += TWO_64;
  if (v < 0n || v >= TWO_64) throw new RangeError(`varint: ${value} does not fit in 64 bits`);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Uint8Array.from(out);
}

/** Byte arrays one after the other. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fieldKey(field: number, wire: number): Uint8Array {
  if (!Number.isInteger(field) || field < 1 || field > 536870911)
    throw new RangeError(`protobuf: field number ${field}`);
  return varint(field * 8 + wire);
}

/** A varint field (int32, int64, enum, bool). */
export function intField(field: number, value: number | bigint): Uint8Array {
  return concat([fieldKey(field, WIRE_VARINT), varint(value)]);
}

/** A float field: 4 bytes, IEEE 754 single precision, little-endian. */
export function floatField(field: number, value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return concat([fieldKey(field, WIRE_FIXED32), b]);
}

/** A length-delimited field holding raw bytes (bytes, or an already built nested message). */
export function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  return concat([fieldKey(field, WIRE_LEN), varint(bytes.length), bytes]);
}

/** A string field, UTF-8. */
export function stringField(field: number, text: string): Uint8Array {
  return bytesField(field, new TextEncoder().encode(text));
}

/** A nested message field from its fields' bytes. */
export function messageField(field: number, fields: readonly Uint8Array[]): Uint8Array {
  return bytesField(field, concat(fields));
}

/** A packed repeated integer field: one length, then the varints one after the other. */
export function packedInts(field: number, values: readonly (number | bigint)[]): Uint8Array {
  return bytesField(field, concat(values.map(varint)));
}

/** A packed repeated float field: one length, then 4 bytes per value, little-endian. */
export function packedFloats(field: number, values: ArrayLike<number>): Uint8Array {
  return bytesField(field, float32Bytes(values));
}

/** Values as float32, little-endian, 4 bytes each (the rounding to float32 happens here). */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/** Integers as int64, little-endian, 8 bytes each. */
export function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

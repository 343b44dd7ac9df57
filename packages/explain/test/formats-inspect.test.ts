import { describe, expect, it } from 'vitest';
import { anatomyOf, float32Parts, readSafetensors } from '@unha/engine';
import {
  exactDecimal,
  exactFraction,
  firstValues,
  inspectJson,
  inspectLines,
  partsOfBytes,
  shortestDecimal,
  sizeText,
  valueName,
  workedValue,
} from '../src/index';

/**
 * The inside-the-file lesson's numbers against ones worked by hand (and checked with Python's struct,
 * decimal and numpy, never with this code's own output).
 */

/**
 * A safetensors file built byte by byte: header {"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}
 * (54 characters, padded with 10 spaces to 64), then 2.0919 and −0.5 as float32.
 */
function handMadeFile(): Uint8Array {
  const json = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'.padEnd(64, ' ');
  const out = new Uint8Array(8 + 64 + 8);
  out[0] = 64; // N = 64, the other 7 length bytes 0
  for (let i = 0; i < 64; i++) out[8 + i] = json.charCodeAt(i);
  // 2.0919 by hand: 2.0919 = 1.04595 × 2^1, so sign 0 and exponent 127 + 1 = 128 = 1000 0000; the
  // mantissa is 0.04595 × 2^23 = 385 456.5376, rounded to 385 457 = 0x05E1B1. The 32 bits are
  // 0 10000000 00001011110000110110001 = 0x4005E1B1, lowest byte first: B1 E1 05 40.
  out.set([0xb1, 0xe1, 0x05, 0x40], 72);
  // −0.5 = −1 × 2^−1: sign 1, exponent 126 = 0111 1110, mantissa 0: 0xBF000000, lowest first 00 00 00 BF.
  out.set([0x00, 0x00, 0x00, 0xbf], 76);
  return out;
}

function view(bytes: Uint8Array, count = 4) {
  const r = readSafetensors(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return {
    name: 'hand.safetensors',
    anatomy: anatomyOf(r.value, bytes, 0),
    metadata: r.value.metadata,
    values: firstValues(r.value, bytes, count),
  };
}

describe('a float taken apart from its bytes', () => {
  it('2.0919 as float32: the fields and the value worked by hand', () => {
    const p = partsOfBytes([0xb1, 0xe1, 0x05, 0x40], 'F32');
    expect(p).toMatchObject({
      sign: 0,
      exponent: 128,
      bias: 127,
      mantissa: 385457,
      mantissaBits: 23,
      kind: 'normal',
    });
    expect(p.bits).toBe('01000000000001011110000110110001');
    // (1 + 385457 / 8388608) × 2^1, exactly (Python: Decimal(struct.unpack('<f', …)[0])).
    expect(exactFraction(385457, 23, true)).toBe('1.04595005512237548828125');
    expect(exactDecimal(p)).toBe('2.0919001102447509765625');
    // numpy prints np.float32(2.0919) as 2.0919: the shortest decimal that reads back to it.
    expect(shortestDecimal(p)).toBe('2.0919');
    // The engine's own float32Parts takes 2.0919 apart the same way.
    expect(float32Parts(2.0919)).toMatchObject({
      bytes: [0xb1, 0xe1, 0x05, 0x40],
      exponent: 128,
      mantissa: 385457,
    });
  });

  it("the seed's trained W (2.091945786053427) rounds to the float32 71 E2 05 40", () => {
    const p = float32Parts(2.091945786053427);
    expect(p.bytes).toEqual([0x71, 0xe2, 0x05, 0x40]);
    // 0x4005E271: mantissa 0x05E271 = 385 649; (1 + 385649 / 2^23) × 2 (Python's Decimal).
    expect(p.mantissa).toBe(385649);
    expect(exactDecimal(p)).toBe('2.0919458866119384765625');
    expect(shortestDecimal(p)).toBe('2.091946'); // numpy: np.float32(2.091945786053427) → 2.091946
    expect(shortestDecimal(float32Parts(0.5306485953511424))).toBe('0.5306486');
  });

  it('F16, BF16, F64 and the special cases from their bit patterns', () => {
    // F16 1.0 = 0 01111 0000000000 = 0x3C00; −2.5 = −1.25 × 2^1: 1 10000 0100000000 = 0xC100.
    expect(partsOfBytes([0x00, 0x3c], 'F16')).toMatchObject({
      value: 1,
      exponent: 15,
      bias: 15,
      mantissa: 0,
    });
    expect(partsOfBytes([0x00, 0xc1], 'F16')).toMatchObject({
      value: -2.5,
      sign: 1,
      exponent: 16,
      mantissa: 256,
    });
    // BF16 1.0 = the top half of float32 1.0 (0x3F800000): 0x3F80.
    expect(partsOfBytes([0x80, 0x3f], 'BF16')).toMatchObject({ value: 1, exponent: 127, mantissaBits: 7 });
    // F64 0.1 = 0x3FB999999999999A: exponent 1019 (2^−4), exactly 0.1000000000000000055511151231257827…
    const tenth = partsOfBytes([0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f], 'F64');
    expect(tenth).toMatchObject({ value: 0.1, exponent: 1019, bias: 1023 });
    expect(exactDecimal(tenth)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    // The smallest float32 subnormal, 2^−149 (Python: Decimal of struct bytes 01 00 00 00).
    const tiny = partsOfBytes([1, 0, 0, 0], 'F32');
    expect(tiny.kind).toBe('subnormal');
    expect(exactDecimal(tiny)).toBe(
      '0.00000000000000000000000000000000000000000000140129846432481707092372958328991613128026194187651577175706828388979108268586060148663818836212158203125',
    );
    expect(partsOfBytes([0, 0, 0x80, 0x7f], 'F32').kind).toBe('infinity');
    expect(partsOfBytes([0, 0, 0xc0, 0x7f], 'F32').kind).toBe('nan');
    expect(partsOfBytes([0, 0, 0, 0x80], 'F32')).toMatchObject({ kind: 'zero', sign: 1 });
  });
});

describe('a hand-made file in words', () => {
  const bytes = handMadeFile();

  it('the values from the file, with their places and names', () => {
    const v = view(bytes);
    expect(v.values.map((x) => [x.tensor, x.index, x.fileOffset, x.parts.value])).toEqual([
      ['w', 0, 72, Math.fround(2.0919)],
      ['w', 1, 76, -0.5],
    ]);
    expect(workedValue(v.values)?.index).toBe(0);
    expect(valueName('W1', [2, 3], 4)).toBe('W1[1, 1]');
    expect(valueName('b1', [3], 2)).toBe('b1[2]');
  });

  it('every section in English, with the numbers worked by hand', () => {
    const text = inspectLines(view(bytes), 'en').join('\n');
    expect(text).toContain('Inside hand.safetensors: 80 bytes, byte by byte');
    // N = 64: the first byte alone.
    expect(text).toContain('40 00 00 00 00 00 00 00');
    expect(text).toContain('64 = 64: the header has N = 64 bytes.');
    expect(text).toContain('7B 22 77 22 3A 7B 22 64  =  {"w":{"d');
    expect(text).toContain('"w": {"dtype":"F32","shape":[2],"data_offsets":[0,8]}');
    expect(text).toContain('+ 10 spaces');
    expect(text).toMatch(/w +F32 +\[2\] +2 +72 to 79/);
    expect(text).toMatch(/w\[0\] +byte 72: +B1 E1 05 40 +→ +2\.0919/);
    expect(text).toMatch(/w\[1\] +byte 76: +00 00 00 BF +→ +−0\.5/);
    expect(text).toContain('As 32 bits: 0 10000000 00001011110000110110001');
    expect(text).toContain('10000000 = 128 → 2^(128 − 127) = 2^1 = 2');
    expect(text).toContain('= 385457 → 1 + 385457 / 2^23 = 1.04595005512237548828125');
    expect(text).toContain('+1.04595005512237548828125 × 2 = 2.0919  (exactly 2.0919001102447509765625)');
    // 80 = 8 + 64 + 8; 8 of 80 bytes are numbers: 10%.
    expect(text).toContain('80 bytes = 8 (the length) + 64 (the header) + 8 (the numbers)');
    expect(text).toContain('2 parameters × 4 bytes: the numbers are 10% of the file');
    // The seed's scales: 1000 × 1000 × 4 bytes = 4 000 000 bytes = 4 MB; a trillion × 4 = 4 TB.
    expect(text).toMatch(/1000 × 1000 = 1 million +4 MB +8 MB/);
    expect(text).toMatch(/1 trillion \(GPT scale\) +4 TB +8 TB/);
    expect(text).toMatch(/16 \(the seed's 8 \+ 8 network\) +64 bytes +128 bytes/);
  });

  it('the same in Portuguese, with the decimal comma', () => {
    const text = inspectLines(view(bytes), 'pt-BR').join('\n');
    expect(text).toContain('Dentro de hand.safetensors: 80 bytes, byte a byte');
    expect(text).toContain('o cabeçalho tem N = 64 bytes');
    expect(text).toMatch(/w\[1\] +byte 76: +00 00 00 BF +→ +−0,5/);
    expect(text).toContain('+1,04595005512237548828125 × 2 = 2,0919  (exatamente 2,0919001102447509765625)');
    expect(text).toContain('os números são 10% do arquivo');
    expect(text).toMatch(/1000 × 1000 = 1 milhão +4 MB +8 MB/);
    expect(text).not.toMatch(/\b(the|bytes in the file)\b/);
  });

  it('--json: the same numbers, the exact decimals as text', () => {
    const j = inspectJson(view(bytes));
    expect(j).toMatchObject({ fileBytes: 80, headerBytes: 64, dataStart: 72, dataBytes: 8, totalValues: 2 });
    expect(j.lengthBytes).toEqual([64, 0, 0, 0, 0, 0, 0, 0]);
    expect(j.worked).toMatchObject({
      name: 'w[0]',
      bytes: [0xb1, 0xe1, 0x05, 0x40],
      exponent: 128,
      mantissa: 385457,
      power: 1,
      scale: '2',
      fraction: '1.04595005512237548828125',
      exact: '2.0919001102447509765625',
      shortest: '2.0919',
    });
    expect(j.scales.find((s) => s.key === 'million')).toEqual({
      key: 'million',
      params: 1e6,
      float32Bytes: 4e6,
      float64Bytes: 8e6,
    });
  });

  it('sizes in decimal units, as file managers count', () => {
    expect(sizeText(640, 'en')).toBe('640 bytes');
    expect(sizeText(4_000_000, 'en')).toBe('4 MB');
    expect(sizeText(1_500_000, 'pt-BR')).toBe('1,5 MB');
    expect(sizeText(4e12, 'en')).toBe('4 TB');
  });
});

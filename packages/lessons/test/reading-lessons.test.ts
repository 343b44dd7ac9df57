import { describe, expect, it } from 'vitest';
import { validateExperiment } from '@unha/engine';
import {
  allLessons,
  findReadingLesson,
  isReadingLesson,
  readingLessonFile,
  readingLessons,
} from '../src/index';

/** The seed's moment 15 by hand: one example x = 3, y = 7, W = 0.5, B = 0, LR = 0.01, 15 updates. */
function seedNeuron(): { W: number; B: number } {
  let [W, B] = [0.5, 0];
  for (let epoch = 1; epoch <= 15; epoch++) {
    const e = 3 * W + B - 7; // ŷ − y
    [W, B] = [W - 0.01 * 2 * e * 3, B - 0.01 * 2 * e];
  }
  return { W, B };
}

describe('the inside-the-file lesson', () => {
  const lesson = findReadingLesson('inside-the-file');

  it('is a reading lesson, listed last in allLessons, with a valid experiment and both languages', () => {
    expect(lesson).toBeDefined();
    if (!lesson) return;
    expect(isReadingLesson(lesson)).toBe(true);
    expect(allLessons.slice(-readingLessons.length)).toEqual(readingLessons);
    expect(validateExperiment(lesson.experiment).ok).toBe(true);
    expect(lesson.story['pt-BR'].length).toBe(lesson.story.en.length);
    for (const t of lesson.tryNext) expect(t.why['pt-BR'].length * t.why.en.length).toBeGreaterThan(0);
    // The seed's question 2 and its scale are in the story.
    expect(lesson.story['pt-BR'].join(' ')).toContain('CSV');
    expect(lesson.story.en.join(' ')).toContain('1000 × 1000 = 1 million parameters are 4 MB in float32');
  });

  it("its file, read here by hand with DataView: W1 and b1 are the seed's numbers as float32", () => {
    if (!lesson) return;
    const { bytes, originals } = readingLessonFile(lesson);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(dv.getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] }
    >;
    expect(header.W1).toEqual({ dtype: 'F32', shape: [1, 1], data_offsets: [0, 4] });
    expect(header.b1).toEqual({ dtype: 'F32', shape: [1], data_offsets: [4, 8] });
    expect(bytes.length).toBe(8 + n + 8);
    const { W, B } = seedNeuron();
    expect(W).toBeCloseTo(2.0919, 4); // the seed: W = 2,0919, B = 0,5306 at epoch 15
    expect(B).toBeCloseTo(0.5306, 4);
    expect(originals.W1[0]).toBeCloseTo(W, 12);
    expect(originals.b1[0]).toBeCloseTo(B, 12);
    // Python: struct.pack('<f', 2.091945786053427) = 71 E2 05 40; struct.pack('<f', 0.5306485953511424) = 96 D8 07 3F.
    expect(Array.from(bytes.subarray(8 + n, 8 + n + 8))).toEqual([
      0x71, 0xe2, 0x05, 0x40, 0x96, 0xd8, 0x07, 0x3f,
    ]);
    expect(dv.getFloat32(8 + n, true)).toBe(Math.fround(W));
    expect(dv.getFloat32(8 + n + 4, true)).toBe(Math.fround(B));
  });
});

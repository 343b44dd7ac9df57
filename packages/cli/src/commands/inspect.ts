import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type SafetensorsWriteDtype, anatomyOf, readSafetensors } from '@unha/engine';
import {
  type InspectView,
  type Locale,
  firstValues,
  inspectJson,
  inspectLines,
  renderIssue,
} from '@unha/explain';
import {
  type ReadingLesson,
  findLesson,
  findReadingLesson,
  lessons,
  readingLessonFile,
  readingLessons,
  trainedFile,
} from '@unha/lessons';
import { UserError } from '../errors';
import { gptLessons } from '../gpt/lessons';
import { lmLessons } from '../lm/lessons';
import { integer, resolveLocale } from '../options';
import { readBytes } from '../read';
import { words } from '../words';
import { inspectWords } from './inspect-words';
import { SAFETENSORS_LIMIT, isSafetensorsPath } from '../safetensors';

export interface InspectOptions {
  locale?: string;
  json?: boolean;
  values?: string;
  dtype?: string;
}

/** What is inspected: the bytes, the name to call them by, and the numbers before writing (a lesson's). */
interface Opened {
  name: string;
  path: string;
  bytes: Uint8Array;
  originals?: Record<string, number[]>;
  lesson?: ReadingLesson;
}

function dtypeOf(
  flag: string | undefined,
  fallback: SafetensorsWriteDtype,
  locale: Locale,
): SafetensorsWriteDtype {
  if (flag === undefined) return fallback;
  const t = flag.toLowerCase();
  if (t === 'float32' || t === 'f32') return 'F32';
  if (t === 'float64' || t === 'f64') return 'F64';
  throw new UserError([words(locale).badFlag('--dtype', flag, inspectWords(locale).dtypeNames)]);
}

/** A reading lesson's file, a regression lesson trained into one, or a file from disk. */
export function openForInspect(source: string, o: InspectOptions, locale: Locale): Opened {
  const iw = inspectWords(locale);
  const reading = findReadingLesson(source);
  if (reading) {
    const dtype = dtypeOf(o.dtype, reading.dtype, locale);
    const f = readingLessonFile({ ...reading, dtype });
    return { name: reading.fileName, path: source, bytes: f.bytes, originals: f.originals, lesson: reading };
  }
  const lesson = findLesson(source);
  if (lesson) {
    const dtype = dtypeOf(o.dtype, 'F64', locale);
    const f = trainedFile(lesson.experiment, dtype);
    const name = iw.trainedIn(lesson.id, lesson.experiment.epochs, dtype);
    return { name, path: source, bytes: f.bytes, originals: f.originals };
  }
  if ([...lmLessons, ...gptLessons].some((l) => l.id === source))
    throw new UserError([iw.exportFirst(source)]);
  if (o.dtype !== undefined) throw new UserError([iw.dtypeForLesson(source)]);
  // A bare name that is no file is a misspelt lesson: list the ones inspect can open.
  if (!/[./\\]/.test(source) && !existsSync(source))
    throw new UserError([
      words(locale).unknownSource(source) + [...readingLessons, ...lessons].map((l) => l.id).join(', '),
    ]);
  return { name: source, path: source, bytes: readBytes(source, SAFETENSORS_LIMIT, locale) };
}

/** The anatomy of the opened bytes; a file that is not safetensors gets its located messages. */
export function inspectView(opened: Opened, count: number, locale: Locale): InspectView {
  const r = readSafetensors(opened.bytes);
  if (!r.ok) {
    // A file not named .safetensors that fails at its very start is another format: say which.
    const first = r.issues[0];
    if (!isSafetensorsPath(opened.path) && first.path.length === 1 && first.path[0] !== 'data') {
      const iw = inspectWords(locale);
      const text = new TextDecoder().decode(opened.bytes.subarray(0, 16)).trimStart();
      throw new UserError([
        text.startsWith('{') ? iw.notSafetensorsJson(opened.path) : iw.notSafetensors(opened.path),
      ]);
    }
    throw new UserError(r.issues.map((i) => renderIssue(i, opened.path, locale)));
  }
  return {
    name: opened.name,
    anatomy: anatomyOf(r.value, opened.bytes, 0),
    metadata: r.value.metadata,
    values: firstValues(r.value, opened.bytes, count),
    ...(opened.originals && { originals: opened.originals }),
  };
}

/** A reading lesson's whole page: title, story, the file's anatomy, what to try next. */
export function lessonPage(lesson: ReadingLesson, view: InspectView, locale: Locale): string[] {
  const story = lesson.story[locale].flatMap((p) => [p, '']);
  return [
    `# ${lesson.title[locale]}`,
    '',
    ...story,
    ...inspectLines(view, locale),
    '',
    words(locale).tryNext,
    ...lesson.tryNext.map((t) => `  ${t.command}   # ${t.why[locale]}`),
  ];
}

export function registerInspect(program: Command): void {
  program
    .command('inspect <file-or-lesson>')
    .description('a safetensors file byte by byte / um arquivo safetensors byte a byte')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--json', 'print the anatomy as one JSON object')
    .option('--values <n>', 'how many of the first values to show (default 4)')
    .option(
      '--dtype <type>',
      "a lesson's weights as float32 or float64 (default: float64; inside-the-file: float32)",
    )
    .action((source: string, o: InspectOptions) => inspect(source, o));
}

/** `unha inspect`, and `unha run <reading lesson>` (which shows the same page). */
export function inspect(source: string, o: InspectOptions): void {
  const locale = resolveLocale(o.locale);
  const count = o.values === undefined ? 4 : integer('--values', o.values, locale);
  if (count > 1000)
    throw new UserError([
      words(locale).badFlag('--values', o.values ?? '', inspectWords(locale).valuesRange),
    ]);
  const opened = openForInspect(source, o, locale);
  const view = inspectView(opened, count, locale);
  if (o.json) {
    const json = { ...(opened.lesson && { lesson: opened.lesson.id }), ...inspectJson(view) };
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  const lines = opened.lesson ? lessonPage(opened.lesson, view, locale) : inspectLines(view, locale);
  // Through console.log: a header's text (the file's own) gets its control characters escaped.
  console.log(lines.join('\n'));
}

/** Flags `unha run` may pass on to a reading lesson; any other would change nothing, so it is refused. */
const READING_FLAGS = new Set(['locale', 'json', 'chart', 'debug', 'dtype']);

/** `unha run <reading lesson>`: the lesson's page, as `unha inspect` shows it. */
export function runReading(id: string, flags: object, locale: Locale): void {
  const o = flags as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => o[k] !== undefined && !READING_FLAGS.has(k));
  if (extra.length > 0) {
    const named = extra.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UserError([inspectWords(locale).readingFlags(id, named.join(', '))]);
  }
  inspect(id, { locale, json: o.json === true, dtype: typeof o.dtype === 'string' ? o.dtype : undefined });
}

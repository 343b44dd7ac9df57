import { readFileSync } from 'node:fs';
import { type Experiment, validateExperiment } from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { type Lesson, findLesson, lessons } from '@unha/lessons';
import { UserError } from './errors';
import type { Overrides } from './options';
import { words } from './words';

export interface Loaded {
  experiment: Experiment;
  lesson?: Lesson;
  /** The lesson id or the file path, for messages. */
  source: string;
}

/** Applies flag overrides to a raw experiment (before validation, so they are checked like the file). */
export function applyOverrides(raw: Record<string, unknown>, o: Overrides): Record<string, unknown> {
  const out = structuredClone(raw);
  if (o.epochs !== undefined) out.epochs = o.epochs;
  if (o.lr !== undefined || o.optimizer !== undefined) {
    const prev = (typeof out.optimizer === 'object' && out.optimizer !== null ? out.optimizer : {}) as Record<
      string,
      unknown
    >;
    const name = o.optimizer ?? prev.name;
    // Switching optimizer drops the other one's constants (momentum means nothing to Adam).
    const keep = name === prev.name ? prev : { name, lr: prev.lr };
    out.optimizer = { ...keep, name, ...(o.lr !== undefined && { lr: o.lr }) };
  }
  return out;
}

/** Reads `<lesson|file.json>`, applies the flags and validates; every problem becomes words in `locale`. */
export function loadExperiment(source: string, overrides: Overrides, locale: Locale): Loaded {
  const w = words(locale);
  const lesson = findLesson(source);
  let raw: unknown;
  if (lesson) raw = lesson.experiment;
  else {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !/[./\\]/.test(source))
        throw new UserError([w.unknownSource(source) + lessons.map((l) => l.id).join(', ')]);
      throw new UserError([
        w.fileUnreadable(
          source,
          code === 'ENOENT'
            ? w.noSuchFile
            : code === 'EISDIR'
              ? w.isDirectory
              : code === 'EACCES'
                ? w.noPermission
                : (code ?? String(e)),
        ),
      ]);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new UserError([w.notJson(source, (e as Error).message)]);
    }
  }
  const withFlags =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? applyOverrides(raw as Record<string, unknown>, overrides)
      : raw;
  const r = validateExperiment(withFlags);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, source, locale)));
  return { experiment: r.value, source, ...(lesson && { lesson }) };
}

import { type Experiment, type Issue, validateExperiment } from '@unha/engine';
import { renderIssue } from '@unha/explain';
import { type Lesson, findLesson, lessons, localText } from '@unha/lessons';
import { DEFAULT_LESSON, type LabState, decodeExperiment, experimentFor } from './state';

/** What a run starts from: a lesson's experiment or a loaded file's. */
export interface Base {
  experiment: Experiment;
  lesson?: Lesson;
  fileName?: string;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The experiment a state asks for, and a state that can run: a file in the link that does not read,
 * an unknown lesson or overrides the experiment refuses are dropped, each named as an issue in the
 * page's language. The rate is always written into the state, so a shared link says what it ran with.
 */
export function resolveState(input: LabState): { state: LabState; base: Base; problems: string[] } {
  const state: LabState = { ...input };
  const L = state.lang;
  const problems: string[] = [];
  let base: Base | undefined;
  if (state.exp) {
    const text = decodeExperiment(state.exp);
    const parsed = text === undefined ? undefined : parseJson(text);
    const r = parsed === undefined ? undefined : validateExperiment(parsed);
    if (r?.ok) base = { experiment: r.value, fileName: localText(r.value.title, L) ?? 'experiment.json' };
    else if (r) problems.push(...r.issues.map((i) => renderIssue(i, 'exp', L)));
    else problems.push(renderIssue({ code: 'not_json', path: ['exp'] }, 'URL', L));
    if (!base) delete state.exp;
  }
  if (!base) {
    const lesson = findLesson(state.lesson);
    if (!lesson) {
      const issue: Issue = {
        code: 'unknown_value',
        path: ['lesson'],
        received: JSON.stringify(state.lesson),
        expected: { key: 'oneOf', values: lessons.map((l) => l.id) },
      };
      problems.push(renderIssue(issue, 'URL', L));
      state.lesson = DEFAULT_LESSON;
    }
    const l = lesson ?? findLesson(DEFAULT_LESSON)!;
    base = { experiment: l.experiment, lesson: l };
  }
  const r = validateExperiment(experimentFor(base.experiment, state));
  if (!r.ok) {
    problems.push(...r.issues.map((i) => renderIssue(i, 'URL', L)));
    state.overrides = {};
  }
  state.overrides = { ...state.overrides, lr: state.overrides.lr ?? base.experiment.optimizer.lr };
  return { state, base, problems };
}

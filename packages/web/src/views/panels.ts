import { type Diverged, OVERRIDE_FIELDS, OVERRIDE_KEYS, type Overrides, parseOverride } from '@unha/engine';
import { explainDivergence } from '@unha/explain';
import type { Lesson } from '@unha/lessons';
import { fill, h } from '../dom';
import type { Words } from '../i18n';
import type { Place } from '../json-place';
import { type LabState, type Locale, serializeState } from '../state';
import type { ViewModel } from './model';
import { webText } from './web-words';

/** The lesson's story, with its "try next" commands turned into links that set up the same run here. */
export function storyView(w: Words, a: { openLink(href: string): void }) {
  const body = h('div', { class: 'story' });
  // The links are the lab's own states: followed in place (no reload), Back returns here.
  body.addEventListener('click', (ev) => {
    const link = (ev.target as Element).closest('a');
    const href = link?.getAttribute('href');
    if (!href?.startsWith('?') || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    a.openLink(href);
  });
  const lead = h('span', { class: 'lead' });
  // Closed, with the lesson's one-line summary showing: the numbers come first, the story is a click away.
  const el = h(
    'details',
    { class: 'panel story-panel', id: 'story-panel' },
    h('summary', {}, h('h2', {}, w.story), ' ', lead),
    body,
  );

  function update(lesson: Lesson | undefined, locale: Locale, notes: string | undefined): void {
    if (!lesson) {
      el.hidden = !notes;
      lead.textContent = '';
      fill(body, notes ? h('p', {}, notes) : null);
      return;
    }
    el.hidden = false;
    fill(lead, ...webText(lesson.summary[locale], lesson.id, w, locale, false));
    const links = lesson.tryNext.map((t) => {
      const href = commandLink(t.command, locale);
      return h(
        'li',
        {},
        href ? h('a', { href }, h('code', {}, t.command)) : h('code', {}, t.command),
        ` — ${t.why[locale]}`,
      );
    });
    fill(
      body,
      ...lesson.story[locale].map((p) => h('p', {}, ...webText(p, lesson.id, w, locale))),
      links.length ? h('h3', {}, w.tryNext) : null,
      links.length ? h('ul', {}, ...links) : null,
    );
  }

  return { el, update };
}

/** The CLI's training flags, as the engine's table names them: `--lr` → lr, `--no-shuffle` → shuffle off. */
const FLAGS = new Map(OVERRIDE_KEYS.map((k) => [OVERRIDE_FIELDS[k].flag as string, k]));

/**
 * `unha run one-neuron --lr 0.01 --epochs 15` as a link to the same run in the lab, when it is one:
 * every training flag (through the engine's OVERRIDE_FIELDS), and explain's --epoch as the step on
 * display. A flag the lab has no place for (--save, --step) leaves the command without a link.
 */
export function commandLink(command: string, locale: Locale): string | undefined {
  const m = /^unha (run|explain) ([a-z0-9-]+)(.*)$/.exec(command.trim());
  if (!m) return undefined;
  const state: LabState = { lesson: m[2], overrides: {}, lang: locale, step: 0, log: false };
  const overrides: Record<string, unknown> = {};
  const flags = m[3].trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    const off = flag.startsWith('--no-');
    const key = FLAGS.get(off ? `--${flag.slice(5)}` : flag);
    if (key !== undefined && OVERRIDE_FIELDS[key].kind === 'boolean') {
      overrides[key] = !off;
      continue;
    }
    const value = flags[++i];
    if (value === undefined || off) return undefined;
    if (key !== undefined) {
      const v = parseOverride(key, value);
      if (v === undefined) return undefined;
      overrides[key] = v;
    } else if (flag === '--epoch') state.step = Number(value);
    // explain's --step (the mini-batch) and --layer are the calculation's "Step" and "Layer shown".
    else if ((flag === '--step' || flag === '--layer') && /^[1-9]\d*$/.test(value))
      state.detail = { ...state.detail, [flag === '--step' ? 'step' : 'layer']: Number(value) };
    else return undefined;
  }
  state.overrides = overrides;
  if (m[1] === 'run' && state.step === 0) state.step = state.overrides.epochs ?? 0;
  return serializeState(state);
}

/** What happened when the run blew up, and what to try, each a button that sets it up. */
export function divergedView(w: Words, a: { tryFix: (overrides: Overrides) => void }) {
  const el = h('section', {
    class: 'panel diverged',
    id: 'diverged',
    role: 'alert',
    'aria-labelledby': 'diverged-title',
  });
  let drawn: Diverged | undefined;
  let locale = '';

  function update(m: ViewModel): void {
    const d = m.diverged;
    el.hidden = !d;
    if (!d || (d === drawn && locale === m.fmt.locale) || !m.experiment || !m.info) return;
    drawn = d;
    locale = m.fmt.locale;
    // The same words as the terminal's (explain's explainDivergence); the fixes become buttons.
    const x = explainDivergence({ diverged: d, experiment: m.experiment }, m.fixes ?? [], m.fmt)!;
    const btn = (label: string, onClick: () => void) => {
      const b = h('button', { type: 'button', class: 'btn small' }, label);
      b.addEventListener('click', onClick);
      return h('li', {}, b);
    };
    fill(
      el,
      h('h2', { id: 'diverged-title' }, x.title),
      h('p', {}, x.what),
      d.epoch > 1 ? h('p', {}, w.divergedEpochs(d.epoch - 1)) : null,
      h('p', { class: 'why' }, x.why),
      x.fixes.length > 0 ? h('p', {}, x.tryHeader) : h('p', {}, x.noFix),
      h('ul', { class: 'suggestions' }, ...x.fixes.map((f) => btn(f.label, () => a.tryFix(f.overrides)))),
    );
  }

  return { el, update };
}

/** One problem with an experiment, in words, and where in its text it is (when it can be found). */
export interface EditorIssue {
  text: string;
  place?: Place;
}

/**
 * The experiment as JSON, editable. Problems found in a file or an edit are listed right under it,
 * each with a button to its line and column; the first one gets the caret, and the text area says
 * it is invalid and is described by the list.
 */
export function editorView(w: Words, a: { apply(text: string): void }) {
  const area = h('textarea', {
    id: 'experiment-json',
    rows: 16,
    spellcheck: 'false',
    'aria-label': w.editor,
    'aria-describedby': 'editor-status',
  });
  const apply = h('button', { type: 'button', class: 'btn small', id: 'apply-json' }, w.apply);
  apply.addEventListener('click', () => a.apply(area.value));
  const status = h('p', { class: 'editor-status', id: 'editor-status', role: 'status' });
  const issues = h('div', { class: 'issues', id: 'issues', role: 'alert', hidden: true });
  const el = h(
    'details',
    { class: 'panel editor-panel', id: 'editor-panel' },
    h('summary', {}, h('h2', {}, w.editor)),
    area,
    h('div', { class: 'editor-actions' }, apply, status),
    issues,
  );

  const goTo = (p: Place): void => {
    el.open = true;
    area.focus();
    area.setSelectionRange(p.offset, p.offset);
    // Scrolls the text area to the caret's line: a blur and focus would not, in every browser.
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (p.line - 3) * lineHeight);
  };

  return {
    el,
    /** The text of the experiment now running, unless the person has unapplied edits. */
    setText(text: string, force = false): void {
      if (force || !el.open || document.activeElement !== area) area.value = text;
    },
    /** Problems with `text` (a file's or the editor's): listed beside the editor, the caret on the first. */
    showIssues(title: string, list: EditorIssue[], text: string): void {
      status.textContent = '';
      issues.hidden = false;
      fill(
        issues,
        h('p', { class: 'issues-title' }, title),
        h(
          'ul',
          {},
          ...list.map((i) => {
            const go =
              i.place &&
              h('button', { type: 'button', class: 'linklike' }, w.goToPlace(i.place.line, i.place.column));
            if (go && i.place) {
              const p = i.place;
              go.addEventListener('click', () => goTo(p));
            }
            return h('li', {}, i.text, go ? ' ' : null, go);
          }),
        ),
      );
      // The text stays here, to be fixed and applied: nothing the person brought is lost.
      area.value = text;
      area.setAttribute('aria-invalid', 'true');
      area.setAttribute('aria-describedby', 'issues editor-status');
      el.open = true;
      const first = list.find((i) => i.place)?.place;
      if (first) goTo(first);
      else area.focus();
      issues.scrollIntoView({ block: 'nearest' });
    },
    clearIssues(): void {
      issues.hidden = true;
      issues.replaceChildren();
      area.removeAttribute('aria-invalid');
      area.setAttribute('aria-describedby', 'editor-status');
    },
    /** Says what happened after a valid Apply (a new run from epoch 0). */
    applied(text: string): void {
      status.textContent = text;
    },
  };
}

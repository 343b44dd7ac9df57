import type { Lesson } from '@unha/lessons';
import { h } from '../dom';
import type { Words } from '../i18n';
import type { Locale } from '../state';

export interface HeaderActions {
  setLesson: (id: string) => void;
  openFile: (file: File) => void;
  downloadJson: () => void;
  downloadXlsx?: () => void;
  /** Copies the page's link; says whether the clipboard took it. */
  copyLink: () => Promise<{ ok: boolean; url: string }>;
  setLang: (l: Locale) => void;
}

/** Title, lesson picker, experiment file in and out, link and language. */
/** What the lesson picker needs of a lesson (the regression lessons and the language models' alike). */
export type PickerLesson = Pick<Lesson, 'id' | 'title'>;

export function headerView(w: Words, lessons: readonly PickerLesson[], locale: Locale, a: HeaderActions) {
  const lessonSel = h(
    'select',
    { id: 'lesson' },
    ...lessons.map((l) => h('option', { value: l.id }, l.title[locale])),
  );
  const fileOption = h('option', { value: '' });
  lessonSel.addEventListener('change', () => {
    if (lessonSel.value) a.setLesson(lessonSel.value);
  });
  const file = h('input', {
    type: 'file',
    id: 'file',
    accept: '.json,.safetensors,application/json',
    class: 'visually-hidden',
    tabindex: -1,
    'aria-label': w.openFile,
  });
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) a.openFile(f);
    file.value = '';
  });
  const button = (id: string, label: string, onClick: () => void) => {
    const b = h('button', { type: 'button', id, class: 'btn small' }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  const open = button('open-file', w.openFile, () => file.click());
  const xlsx = a.downloadXlsx ? button('download-xlsx', w.downloadXlsx, a.downloadXlsx) : null;
  const copied = h('span', { class: 'copied', id: 'copied', role: 'status' });
  // When the clipboard refuses, the link is shown selected, to be copied by hand.
  const manual = h('input', {
    type: 'text',
    id: 'link-by-hand',
    readonly: true,
    class: 'link-by-hand',
    'aria-label': w.copyLink,
    hidden: true,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const copy = button('copy-link', w.copyLink, () => {
    void a.copyLink().then(({ ok, url }) => {
      clearTimeout(timer);
      copied.textContent = ok ? w.linkCopied : w.linkNotCopied;
      manual.hidden = ok;
      if (ok) timer = setTimeout(() => (copied.textContent = ''), 2000);
      else {
        manual.value = url;
        manual.focus();
        manual.select();
      }
    });
  });
  const lang = h(
    'select',
    { id: 'lang' },
    h('option', { value: 'pt-BR', lang: 'pt-BR' }, 'Português'),
    h('option', { value: 'en', lang: 'en' }, 'English'),
  );
  lang.value = locale;
  lang.addEventListener('change', () => a.setLang(lang.value as Locale));
  const el = h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'top-row' },
      h('div', { class: 'brand' }, h('h1', {}, 'LLM na Unha'), h('p', { class: 'tagline' }, w.tagline)),
      h('label', { class: 'field lang', for: 'lang' }, h('span', {}, w.language), lang),
    ),
    h(
      'div',
      { class: 'pickers' },
      h('label', { class: 'field lesson', for: 'lesson' }, h('span', {}, w.lesson), lessonSel),
      h(
        'div',
        { class: 'file-actions' },
        open,
        file,
        button('download-json', w.downloadJson, a.downloadJson),
        xlsx,
        copy,
        copied,
        manual,
      ),
    ),
  );

  /** Shows which lesson (or file) is running. */
  function update(lessonId: string | undefined, fileName: string | undefined): void {
    if (fileName !== undefined) {
      fileOption.textContent = w.fileLesson(fileName);
      if (!fileOption.parentElement) lessonSel.prepend(fileOption);
      lessonSel.value = '';
    } else {
      fileOption.remove();
      if (lessonId) lessonSel.value = lessonId;
    }
  }

  return { el, update };
}

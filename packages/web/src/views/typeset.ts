import type { ExplainDoc, ExplainLine, NumberFormat } from '@unha/explain';
import { lineText, toTex } from '@unha/explain';
import katex from 'katex';

/**
 * Milliseconds of typesetting per frame, so the page keeps drawing at 60 frames a second: the browser
 * then spends two to three times as long on the new elements (parsing, style, layout, paint).
 */
const BUDGET = 4;

/** KaTeX's HTML for one piece of formula, remembered (symbolic pieces repeat every epoch). */
const cache = new Map<string, string>();
export function tex(src: string): string {
  let html = cache.get(src);
  if (html === undefined) {
    // The HTML draws it; the MathML beside it (hidden from view) is what assistive technology can read.
    html = katex.renderToString(src, { throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
    if (cache.size > 5000) cache.clear();
    cache.set(src, html);
  }
  return html;
}

const esc = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Link {
  tex: string;
  el?: HTMLElement;
}

interface Line {
  text: string;
  note: boolean;
  assign: boolean;
  label: string;
  links: Link[];
  math?: HTMLElement;
  prose?: HTMLElement;
}

/** What must match for a line's elements to be reused: kind, how many links, prose or not. */
const lineShape = (l: ExplainLine): string =>
  // Not the prose itself: it may carry a number too (Adam's step t), and is updated in place.
  `${l.note ? 'n' : ''}${l.assign ?? ''}${l.chain?.length ?? 0}${l.text ? 't' : ''}`;

const docShape = (doc: ExplainDoc): string =>
  doc.sections.map((s) => `${s.id}:${s.title}:${s.lines.map(lineShape).join(';')}`).join('/');

function prepare(l: ExplainLine, fmt: NumberFormat): Line {
  const chain = l.chain ?? [];
  return {
    text: l.text ?? '',
    note: !!l.note,
    assign: l.assign === '←',
    label: chain.length ? lineText({ chain, ...(l.assign && { assign: l.assign }) }, fmt) : '',
    links: chain.map((e) => ({ tex: toTex(e, fmt) })),
  };
}

const proseText = (line: Line): string => (line.links.length ? `${line.text}:` : line.text);

interface Work {
  id: number;
  fmt: NumberFormat;
  lines: ExplainLine[];
  /** The section element of each line, and whether the line is its section's last. */
  section: HTMLElement[];
  last: boolean[];
  /** New elements (a new shape) or the old ones updated in place. */
  build: boolean;
  next: number;
}

/**
 * Draws explanations into one element and keeps them up to date cheaply. Each link of a chain
 * (ŷ, W·x + B, 0,5·3 + 0, 1,5) is typeset on its own: from one epoch to the next the lines keep their
 * shape and only the links whose numbers changed are typeset and replaced. The work goes line by
 * line within a per-frame budget, so a network's long explanation takes a few frames, never one
 * long one: a section whose lines still show the previous epoch is greyed (class `pending`); a new
 * shape is built from the top, its sections filling in. `complete` (and data-complete on the
 * element) says when the last line is done.
 */
export class Typesetter {
  /** The lines on display, prepared: what the next epoch's are compared with. */
  private lines: Line[] = [];
  private shape = '';
  private work: Work | undefined;
  private job = 0;

  constructor(private readonly body: HTMLElement) {
    // The width changes (a phone turned): which formulas overflow changes too.
    new ResizeObserver(() => this.markScrollable()).observe(body);
  }

  private markQueued = false;

  /**
   * A formula wider than the column (a fraction over many terms cannot wrap) scrolls sideways; a
   * keyboard reaches it only if it can take focus. Checked once the page is idle after typesetting
   * (it reads the layout), so only those few formulas become tab stops.
   */
  private markScrollable(): void {
    if (this.markQueued) return;
    this.markQueued = true;
    const job = this.job;
    const run = (): void => {
      this.markQueued = false;
      if (job !== this.job || this.work) return;
      for (const m of this.body.querySelectorAll<HTMLElement>('.math')) {
        if (m.scrollWidth > m.clientWidth + 1) m.tabIndex = 0;
        else m.removeAttribute('tabindex');
      }
    };
    if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 1000 });
    else setTimeout(run, 50);
  }

  get complete(): boolean {
    return this.work === undefined;
  }

  clear(html: string): void {
    this.job++;
    this.work = undefined;
    this.lines = [];
    this.shape = '';
    this.body.innerHTML = html;
    this.body.dataset.complete = 'true';
  }

  /** Greys what is on display: it is not the epoch shown (while playing a long explanation is not followed). */
  stale(): void {
    for (const el of this.body.querySelectorAll('.calc-section')) el.classList.add('pending');
  }

  render(doc: ExplainDoc, fmt: NumberFormat): void {
    const id = ++this.job;
    const shape = docShape(doc);
    const lines = doc.sections.flatMap((s) => s.lines);
    // A build left half done leaves nothing to update in place.
    const build = shape !== this.shape || this.lines.length !== lines.length;
    if (build) {
      this.body.innerHTML = doc.sections
        .map(
          (s) =>
            `<section class="calc-section" data-section="${esc(s.id)}"><h3>${esc(s.title)}</h3></section>`,
        )
        .join('');
      this.lines = [];
      this.shape = shape;
    } else this.stale();
    const els = this.body.querySelectorAll<HTMLElement>('.calc-section');
    const section: HTMLElement[] = [];
    const last: boolean[] = [];
    doc.sections.forEach((s, k) =>
      s.lines.forEach((_, i) => {
        section.push(els[k]);
        last.push(i === s.lines.length - 1);
      }),
    );
    // A section without lines has nothing to wait for.
    doc.sections.forEach((s, k) => s.lines.length === 0 && els[k].classList.remove('pending'));
    this.work = { id, fmt, lines, section, last, build, next: 0 };
    this.body.dataset.complete = 'false';
    this.step(id, performance.now());
  }

  private step(id: number, t0: number): void {
    const w = this.work;
    if (!w || w.id !== id) return;
    // At least one line a frame, then as many as the budget allows.
    do {
      const i = w.next++;
      const line = prepare(w.lines[i], w.fmt);
      if (w.build) this.build(line, w.section[i]);
      else this.update(line, this.lines[i]);
      this.lines[i] = line;
      if (w.last[i]) w.section[i].classList.remove('pending');
    } while (w.next < w.lines.length && performance.now() - t0 < BUDGET);
    if (w.next < w.lines.length) {
      requestAnimationFrame(() => this.step(id, performance.now()));
      return;
    }
    this.work = undefined;
    this.body.dataset.complete = 'true';
    this.markScrollable();
  }

  private update(line: Line, old: Line): void {
    line.math = old.math;
    line.prose = old.prose;
    if (line.math && line.label !== old.label) line.math.setAttribute('aria-label', line.label);
    if (line.prose && line.text !== old.text) line.prose.textContent = proseText(line);
    line.links.forEach((link, j) => {
      const prev = old.links[j];
      link.el = prev.el;
      if (link.el && link.tex !== prev.tex) link.el.innerHTML = tex(link.tex);
    });
  }

  private build(line: Line, section: HTMLElement): void {
    section.insertAdjacentHTML('beforeend', lineHtml(line));
    const el = section.lastElementChild as HTMLElement;
    line.math = el.querySelector<HTMLElement>('.math') ?? undefined;
    line.prose = el.querySelector<HTMLElement>('.prose') ?? undefined;
    const spans = el.querySelectorAll<HTMLElement>('.link');
    line.links.forEach((link, j) => (link.el = spans[j]));
  }
}

function lineHtml(line: Line): string {
  const cls = line.note ? 'line note' : 'line';
  const prose = line.text ? `<span class="prose">${esc(proseText(line))}</span>` : '';
  if (line.links.length === 0) return `<div class="${cls}">${prose}</div>`;
  const pieces = line.links.map((link, i) => {
    const rel =
      i === 0 ? '' : `<span class="rel">${tex(i === 1 && line.assign ? '\\leftarrow' : '=')}</span> `;
    return `${rel}<span class="link">${tex(link.tex)}</span>`;
  });
  return `<div class="${cls}">${prose}<span class="math" role="math" aria-label="${esc(line.label)}">${pieces.join(' ')}</span></div>`;
}

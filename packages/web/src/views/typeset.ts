import type { ExplainDoc, ExplainLine, NumberFormat } from '@unha/explain';
import { lineText, toPlain, toTex } from '@unha/explain';
import katex from 'katex';

/** Milliseconds of typesetting per frame, so the page keeps drawing at 60 frames a second. */
const BUDGET = 7;

/** KaTeX's HTML for one piece of formula, remembered (symbolic pieces repeat every epoch). */
const cache = new Map<string, string>();
export function tex(src: string): string {
  let html = cache.get(src);
  if (html === undefined) {
    // HTML only, no MathML copy: half the elements. Screen readers get each line as plain text in its aria-label.
    html = katex.renderToString(src, { throwOnError: false, output: 'html', strict: 'ignore' });
    if (cache.size > 5000) cache.clear();
    cache.set(src, html);
  }
  return html;
}

const esc = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Link {
  tex: string;
  plain: string;
  el?: HTMLElement;
}

interface Line {
  /** What must match for the line's elements to be reused: prose, kind, how many links. */
  shape: string;
  text: string;
  note: boolean;
  assign: boolean;
  label: string;
  links: Link[];
  math?: HTMLElement;
  prose?: HTMLElement;
}

function prepare(
  doc: ExplainDoc,
  fmt: NumberFormat,
): { sections: { id: string; title: string; lines: Line[] }[] } {
  return {
    sections: doc.sections.map((s) => ({
      id: s.id,
      title: s.title,
      lines: s.lines.map((l: ExplainLine): Line => {
        const chain = l.chain ?? [];
        return {
          // Not the prose itself: it may carry a number too (Adam's step t), and is updated in place.
          shape: `${l.note ? 'n' : ''}${l.assign ?? ''}${chain.length}${l.text ? 't' : ''}`,
          text: l.text ?? '',
          note: !!l.note,
          assign: l.assign === '←',
          label: chain.length ? lineText({ chain, ...(l.assign && { assign: l.assign }) }, fmt) : '',
          links: chain.map((e) => ({ tex: toTex(e, fmt), plain: toPlain(e, fmt) })),
        };
      }),
    })),
  };
}

const proseText = (line: Line): string => (line.links.length ? `${line.text}:` : line.text);

/**
 * Draws explanations into one element and keeps them up to date cheaply. Each link of a chain
 * (ŷ, W·x + B, 0,5·3 + 0, 1,5) is typeset on its own: from one epoch to the next the lines keep their
 * shape and only the links whose numbers changed are typeset and replaced. Typesetting stops when the
 * frame's budget is spent; the links left are shown as plain text and typeset over the next frames.
 * `complete` (and data-complete on the element) says when the last one is done.
 */
export class Typesetter {
  private lines: Line[] = [];
  private shape = '';
  private queue: Link[] = [];
  private job = 0;

  constructor(private readonly body: HTMLElement) {}

  get complete(): boolean {
    return this.queue.length === 0;
  }

  clear(html: string): void {
    this.job++;
    this.lines = [];
    this.shape = '';
    this.queue = [];
    this.body.innerHTML = html;
    this.body.dataset.complete = 'true';
  }

  render(doc: ExplainDoc, fmt: NumberFormat): void {
    const id = ++this.job;
    const t0 = performance.now();
    const within = (): boolean => performance.now() - t0 < BUDGET;
    const next = prepare(doc, fmt);
    const shape = next.sections
      .map((s) => `${s.id}:${s.title}:${s.lines.map((l) => l.shape).join(';')}`)
      .join('/');
    this.queue = [];
    const lines = next.sections.flatMap((s) => s.lines);
    if (shape === this.shape) {
      lines.forEach((line, i) => {
        const old = this.lines[i];
        line.math = old.math;
        line.prose = old.prose;
        if (line.math && line.label !== old.label) line.math.setAttribute('aria-label', line.label);
        if (line.prose && line.text !== old.text) line.prose.textContent = proseText(line);
        line.links.forEach((link, j) => {
          const prev = old.links[j];
          link.el = prev.el;
          if (link.tex === prev.tex && !this.wasPending(prev)) return;
          if (within()) this.typeset(link);
          else this.defer(link);
        });
      });
    } else {
      const parts: string[] = [];
      for (const s of next.sections) {
        parts.push(`<section class="calc-section" data-section="${s.id}"><h3>${esc(s.title)}</h3>`);
        for (const line of s.lines) parts.push(this.lineHtml(line, within));
        parts.push('</section>');
      }
      this.body.innerHTML = parts.join('');
      const lineEls = this.body.querySelectorAll<HTMLElement>('.line');
      lines.forEach((line, i) => {
        const el = lineEls[i];
        line.math = el.querySelector<HTMLElement>('.math') ?? undefined;
        line.prose = el.querySelector<HTMLElement>('.prose') ?? undefined;
        const spans = el.querySelectorAll<HTMLElement>('.link');
        line.links.forEach((link, j) => {
          link.el = spans[j];
          if (link.el.classList.contains('pending')) this.queue.push(link);
        });
      });
    }
    this.lines = lines;
    this.shape = shape;
    this.body.dataset.complete = String(this.queue.length === 0);
    if (this.queue.length) requestAnimationFrame(() => this.drain(id));
  }

  private wasPending(link: Link): boolean {
    return !!link.el?.classList.contains('pending');
  }

  private typeset(link: Link): void {
    if (!link.el) return;
    link.el.innerHTML = tex(link.tex);
    link.el.classList.remove('pending');
  }

  private defer(link: Link): void {
    if (!link.el) return;
    link.el.textContent = link.plain;
    link.el.classList.add('pending');
    this.queue.push(link);
  }

  private drain(id: number): void {
    if (id !== this.job) return;
    const t0 = performance.now();
    while (this.queue.length && performance.now() - t0 < BUDGET) this.typeset(this.queue.shift()!);
    if (this.queue.length) requestAnimationFrame(() => this.drain(id));
    else this.body.dataset.complete = 'true';
  }

  private lineHtml(line: Line, within: () => boolean): string {
    const cls = line.note ? 'line note' : 'line';
    const prose = line.text
      ? `<span class="prose">${esc(line.text)}${line.links.length ? ':' : ''}</span>`
      : '';
    if (line.links.length === 0) return `<div class="${cls}">${prose}</div>`;
    const assign = line.assign;
    const pieces = line.links.map((link, i) => {
      const rel = i === 0 ? '' : `<span class="rel">${tex(i === 1 && assign ? '\\leftarrow' : '=')}</span> `;
      const body = within()
        ? `<span class="link">${tex(link.tex)}</span>`
        : `<span class="link pending">${esc(link.plain)}</span>`;
      return rel + body;
    });
    return `<div class="${cls}">${prose}<span class="math" role="img" aria-label="${esc(line.label)}">${pieces.join(' ')}</span></div>`;
  }
}

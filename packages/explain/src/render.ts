import type { ExplainDoc, ExplainLine } from './doc';
import type { NumberFormat } from './format';
import { toPlain, toTex } from './math';

/** One line of the explanation as text: "prose: ŷ = W·x + B = 0,5·3 + 0 = 1,5". */
export function lineText(line: ExplainLine, fmt: NumberFormat): string {
  const parts: string[] = [];
  if (line.chain && line.chain.length > 0) {
    const [first, ...rest] = line.chain.map((e) => toPlain(e, fmt));
    const op = line.assign ?? '=';
    parts.push(rest.length === 0 ? first : `${first} ${op} ${rest.join(' = ')}`);
  }
  if (line.text) return parts.length ? `${line.text}: ${parts[0]}` : line.text;
  return parts[0] ?? '';
}

export interface TextStyle {
  /** Wrap section titles and notes in ANSI styles (bold titles, dim notes). */
  color?: boolean;
}

/** The whole explanation as terminal text, section by section. */
export function renderText(doc: ExplainDoc, fmt: NumberFormat, style: TextStyle = {}): string {
  const bold = (s: string): string => (style.color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (style.color ? `\x1b[2m${s}\x1b[22m` : s);
  const out: string[] = [bold(`== ${doc.title} ==`)];
  for (const s of doc.sections) {
    out.push('', bold(s.title));
    for (const line of s.lines) {
      const t = lineText(line, fmt);
      out.push(line.note && !line.chain ? `  ${dim(t)}` : `  ${t}`);
    }
  }
  return out.join('\n');
}

/** A chain in TeX: "W \\leftarrow W - … = 3{,}8" for an update, "a = b = c" otherwise. */
export function texChain(line: ExplainLine, fmt: NumberFormat): string {
  const [first, ...rest] = (line.chain ?? []).map((e) => toTex(e, fmt));
  if (first === undefined) return '';
  return rest.length === 0
    ? first
    : `${first} ${line.assign === '←' ? '\\leftarrow' : '='} ${rest.join(' = ')}`;
}

/** The explanation as plain JSON for other tools: each line's prose, its formula as text and as TeX. */
export function docToJson(doc: ExplainDoc, fmt: NumberFormat): unknown {
  return {
    locale: doc.locale,
    ...(doc.kind && { kind: doc.kind }),
    ...(doc.epoch !== undefined && { epoch: doc.epoch }),
    step: doc.step,
    ...(doc.example !== undefined && { example: doc.example }),
    ...(doc.gpt && { ...doc.gpt }),
    title: doc.title,
    partial: doc.partial,
    sections: doc.sections.map((s) => ({
      id: s.id,
      title: s.title,
      lines: s.lines.map((l) => ({
        ...(l.text !== undefined && { text: l.text }),
        ...(l.chain && {
          plain: lineText({ chain: l.chain, ...(l.assign && { assign: l.assign }) }, fmt),
          tex: texChain(l, fmt),
          ...(l.chain.at(-1)?.k === 'num' && { value: (l.chain.at(-1) as { v: number }).v }),
        }),
        ...(l.note && { note: true }),
      })),
    })),
  };
}

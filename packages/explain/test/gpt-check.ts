import { type ExplainDoc, lineText, toPlain } from '../src/index';
import { evaluate } from './evaluate';
import { computePrinted, printedLinks } from './printed';

/** The checks every GPT explanation test runs: the doc's arithmetic, the printed text read back, a line's value. */
export const en = { locale: 'en' as const, decimals: 12 };
const chains = (doc: ExplainDoc) => doc.sections.flatMap((s) => s.lines).filter((l) => l.chain);

/**
 * Every link of numbers only computes to the line's result (1e-9 relative); returns the names
 * (first links, as printed) of the lines it checked.
 */
export function checkArithmetic(doc: ExplainDoc): string[] {
  const checked: string[] = [];
  for (const line of chains(doc)) {
    const c = line.chain!;
    const r = c[c.length - 1];
    if (c.length < 3 || r.k !== 'num') continue;
    let any = false;
    for (const link of c.slice(1, -1)) {
      const v = evaluate(link);
      if (v === undefined) continue;
      if (!(Math.abs(v - r.v) <= 1e-9 * Math.max(1, Math.abs(r.v))))
        throw new Error(`${lineText(line, en)} computes to ${v}`);
      any = true;
    }
    if (any) checked.push(toPlain(c[0], en));
  }
  return checked;
}

/** The printed text read back: every link of numbers only, computed here, gives the printed result. */
export function checkPrinted(text: string, locale: 'en' | 'pt-BR'): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const links = printedLinks(line);
    if (links.length < 3) continue;
    const result = computePrinted(links[links.length - 1]);
    if (result === undefined) continue;
    for (const link of links.slice(1, -1)) {
      const v = computePrinted(link);
      if (v === undefined) continue;
      if (!(Math.abs(v - result) <= 1e-7 * Math.max(1, Math.abs(result))))
        throw new Error(`${locale}: "${line}" computes to ${v}`);
      n++;
    }
  }
  return n;
}

/** The full-precision value of the line whose first link prints as `name`. */
export function valueOf(doc: ExplainDoc, name: string, section?: string): number {
  const secs = doc.sections.filter((s) => section === undefined || s.title === section);
  const line = secs.flatMap((s) => s.lines).find((l) => l.chain && toPlain(l.chain[0], en) === name);
  const last = line?.chain?.at(-1);
  if (last?.k !== 'num') throw new Error(`no line ${name}`);
  return last.v;
}

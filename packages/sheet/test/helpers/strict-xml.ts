import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';

/**
 * Well-formedness as the XML 1.0 and Namespaces specifications define it, checked by saxes (the
 * conforming, non-validating parser jsdom uses) rather than by our own patterns: it is strict by
 * design (no recovery, unlike a browser's HTML parser), reports the first error with its line and
 * column, and with `xmlns: true` also rejects undeclared prefixes (`r:id` without `xmlns:r`).
 * Python's expat and openpyxl refuse the same files; Excel "repairs" them.
 */
export function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('error', (e) => errors.push(e.message));
  try {
    parser.write(xml).close();
  } catch (e) {
    errors.push((e as Error).message);
  }
  return errors;
}

/** Every XML part of an xlsx (the .xml and .rels files of the zip) with its parse errors. */
export function xlsxXmlErrors(bytes: Uint8Array): { parts: number; errors: string[] } {
  const files = unzipSync(bytes);
  const errors: string[] = [];
  let parts = 0;
  for (const [path, data] of Object.entries(files)) {
    if (!/\.(xml|rels)$/.test(path)) continue;
    parts++;
    for (const e of xmlErrors(strFromU8(data))) errors.push(`${path}: ${e}`);
  }
  return { parts, errors };
}

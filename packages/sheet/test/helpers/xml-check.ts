/**
 * A minimal well-formedness check for the XML we write: every tag closed in order, attributes quoted,
 * no stray '<' or '&'. Not a validator of the OOXML schema; LibreOffice opening the file is that test.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  const re =
    /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (const m of body.matchAll(re)) {
    if (m[2] === undefined) {
      problems.push(`stray '${m[0]}' at ${m.index}`);
      continue;
    }
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) problems.push(`</${m[2]}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

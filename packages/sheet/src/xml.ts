export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * Markup built by `el` or `text` (a branded string, so it costs nothing at run time). Every part of
 * the workbook is built from these two functions: a plain string cannot become markup by accident,
 * and no part is ever patched with a string replace, which once left `<alignment …//>` in styles.xml.
 */
export type Xml = string & { readonly __xml: true };

/** Attribute values; undefined and false leave the attribute out. */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Anything xmlEscape changes: a markup character or one XML 1.0 cannot hold. */
const SPECIAL = /[&<>"]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Escapes text for XML and drops the control characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  // Most values (cell references, numbers, formulas) need nothing: one test instead of five replaces.
  if (!SPECIAL.test(s)) return s;
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Character data: escaped, so any string is safe. */
export function text(s: string): Xml {
  return xmlEscape(s) as Xml;
}

/** The XML names we write: letters, digits, '_', '-', '.', one optional prefix ('r:id', 'xml:space'). */
const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
/** Names already checked: a workbook writes the same few names hundreds of thousands of times. */
const checked = new Set<string>();
function checkName(name: string, what: string): void {
  if (checked.has(name)) return;
  if (!NAME.test(name)) throw new Error(`xml: invalid ${what} name '${name}'`);
  checked.add(name);
}

/**
 * An element with its attributes (values escaped; undefined and false omitted, true written as "1")
 * and its content (markup from `el` or `text`). Self-closes only when it has no content.
 */
export function el(name: string, attrs: Attrs = {}, ...content: (Xml | readonly Xml[])[]): Xml {
  checkName(name, 'element');
  let open = `<${name}`;
  for (const key in attrs) {
    const v = attrs[key];
    if (v === undefined || v === false) continue;
    checkName(key, 'attribute');
    open += ` ${key}="${v === true ? '1' : typeof v === 'number' ? String(v) : xmlEscape(v)}"`;
  }
  let inner = '';
  for (const c of content) inner += typeof c === 'string' ? c : c.join('');
  return (inner === '' ? `${open}/>` : `${open}>${inner}</${name}>`) as Xml;
}

/** A whole part: the XML declaration and its root element. */
export function part(root: Xml): string {
  return XML_HEAD + root;
}

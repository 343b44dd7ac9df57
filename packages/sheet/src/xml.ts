export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * Markup built by `el` or `text` (a branded string, so it costs nothing at run time). Every part of
 * the workbook is built from these two functions: a plain string cannot become markup by accident,
 * and no part is ever patched with a string replace, which once left `<alignment …//>` in styles.xml.
 */
export type Xml = string & { readonly __xml: true };

/** Attribute values; undefined and false leave the attribute out. */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Escapes text for XML and drops the control characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
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

/**
 * An element with its attributes (values escaped; undefined and false omitted, true written as "1")
 * and its content (markup from `el` or `text`). Self-closes only when it has no content.
 */
export function el(name: string, attrs: Attrs = {}, ...content: (Xml | readonly Xml[])[]): Xml {
  if (!NAME.test(name)) throw new Error(`xml: invalid element name '${name}'`);
  let open = `<${name}`;
  for (const key in attrs) {
    const v = attrs[key];
    if (v === undefined || v === false) continue;
    if (!NAME.test(key)) throw new Error(`xml: invalid attribute name '${key}'`);
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

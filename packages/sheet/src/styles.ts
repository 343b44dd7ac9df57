import { type Xml, el, part } from './xml';

/** What a cell looks like; equal descriptions share one entry of styles.xml. */
export interface Style {
  bold?: boolean;
  italic?: boolean;
  /** Font colour, ARGB ('FF1F4E79'). */
  color?: string;
  /** Solid background colour, ARGB. */
  fill?: string;
  /** Number format code ('0.000000', '0.00E+00', '@'); absent = General. */
  numFmt?: string;
  wrap?: boolean;
  align?: 'left' | 'center' | 'right';
  /** A thin line under the cell (block separators). */
  borderBottom?: boolean;
  /** Font size in points (default 11). */
  size?: number;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/**
 * Collects the styles a workbook uses and writes them as styles.xml (fonts, fills, borders, formats).
 * The lists hold the elements themselves; equal elements (equal markup) are shared.
 */
export class StyleRegistry {
  private readonly xfs: Xml[] = [el('xf', { numFmtId: 0, fontId: 0, fillId: 0, borderId: 0, xfId: 0 })];
  private readonly byKey = new Map<string, number>([['[]', 0]]);
  private readonly fonts: Xml[] = [fontXml({})];
  private readonly fills: Xml[] = [
    el('fill', {}, el('patternFill', { patternType: 'none' })),
    el('fill', {}, el('patternFill', { patternType: 'gray125' })),
  ];
  private readonly borders: Xml[] = [borderXml(false)];
  private readonly numFmts: string[] = [];

  /** The index of a style (cellXfs position), adding it on first use. */
  id(s: Style): number {
    const key = JSON.stringify(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const fontId = indexOf(this.fonts, fontXml(s));
    const fillId = s.fill
      ? indexOf(
          this.fills,
          el('fill', {}, el('patternFill', { patternType: 'solid' }, el('fgColor', { rgb: s.fill }))),
        )
      : 0;
    const borderId = s.borderBottom ? indexOf(this.borders, borderXml(true)) : 0;
    const numFmtId = s.numFmt ? 164 + indexOf(this.numFmts, s.numFmt) : 0;
    const aligned = Boolean(s.wrap || s.align);
    const alignment = aligned
      ? [el('alignment', { horizontal: s.align, wrapText: s.wrap, vertical: s.wrap ? 'top' : undefined })]
      : [];
    const xf = el(
      'xf',
      {
        numFmtId,
        fontId,
        fillId,
        borderId,
        xfId: 0,
        applyNumberFormat: numFmtId > 0,
        applyFont: fontId > 0,
        applyFill: fillId > 0,
        applyBorder: borderId > 0,
        applyAlignment: aligned,
      },
      alignment,
    );
    const id = this.xfs.length;
    this.xfs.push(xf);
    this.byKey.set(key, id);
    return id;
  }

  toXml(): string {
    const fmts = this.numFmts.map((code, i) => el('numFmt', { numFmtId: 164 + i, formatCode: code }));
    const list = (name: string, items: Xml[]): Xml[] =>
      items.length > 0 ? [el(name, { count: items.length }, items)] : [];
    return part(
      el(
        'styleSheet',
        { xmlns: NS_MAIN },
        list('numFmts', fmts),
        list('fonts', this.fonts),
        list('fills', this.fills),
        list('borders', this.borders),
        el('cellStyleXfs', { count: 1 }, el('xf', { numFmtId: 0, fontId: 0, fillId: 0, borderId: 0 })),
        list('cellXfs', this.xfs),
        el('cellStyles', { count: 1 }, el('cellStyle', { name: 'Normal', xfId: 0, builtinId: 0 })),
      ),
    );
  }
}

function fontXml(s: Style): Xml {
  return el(
    'font',
    {},
    s.bold ? el('b') : [],
    s.italic ? el('i') : [],
    el('sz', { val: s.size ?? 11 }),
    s.color ? el('color', { rgb: s.color }) : [],
    el('name', { val: 'Calibri' }),
    el('family', { val: 2 }),
  );
}

/** No border, or a thin grey line under the cell. */
function borderXml(bottom: boolean): Xml {
  return el(
    'border',
    {},
    el('left'),
    el('right'),
    el('top'),
    bottom ? el('bottom', { style: 'thin' }, el('color', { rgb: 'FF9E9E9E' })) : el('bottom'),
    el('diagonal'),
  );
}

function indexOf<T>(list: T[], item: T): number {
  const i = list.indexOf(item);
  if (i >= 0) return i;
  list.push(item);
  return list.length - 1;
}

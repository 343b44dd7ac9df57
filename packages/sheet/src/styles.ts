import { XML_HEAD, xmlEscape } from './xml';

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

/** Collects the styles a workbook uses and writes them as styles.xml (fonts, fills, borders, formats). */
export class StyleRegistry {
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly byKey = new Map<string, number>([['[]', 0]]);
  private readonly fonts: string[] = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private readonly fills: string[] = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  private readonly borders: string[] = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
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
          `<fill><patternFill patternType="solid"><fgColor rgb="${s.fill}"/></patternFill></fill>`,
        )
      : 0;
    const borderId = s.borderBottom
      ? indexOf(
          this.borders,
          '<border><left/><right/><top/><bottom style="thin"><color rgb="FF9E9E9E"/></bottom><diagonal/></border>',
        )
      : 0;
    const numFmtId = s.numFmt ? 164 + indexOf(this.numFmts, s.numFmt) : 0;
    const align =
      s.wrap || s.align
        ? `<alignment${s.align ? ` horizontal="${s.align}"` : ''}${s.wrap ? ' wrapText="1" vertical="top"' : ''}/>`
        : '';
    const apply =
      (numFmtId ? ' applyNumberFormat="1"' : '') +
      (fontId ? ' applyFont="1"' : '') +
      (fillId ? ' applyFill="1"' : '') +
      (borderId ? ' applyBorder="1"' : '') +
      (align ? ' applyAlignment="1"' : '');
    const xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${apply}>${align}</xf>`;
    const id = this.xfs.length;
    this.xfs.push(xf.replace('></xf>', '/>'));
    this.byKey.set(key, id);
    return id;
  }

  toXml(): string {
    const fmts = this.numFmts
      .map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlEscape(code)}"/>`)
      .join('');
    return (
      `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
      (fmts ? `<numFmts count="${this.numFmts.length}">${fmts}</numFmts>` : '') +
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>` +
      `<borders count="${this.borders.length}">${this.borders.join('')}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

function fontXml(s: Style): string {
  return (
    '<font>' +
    (s.bold ? '<b/>' : '') +
    (s.italic ? '<i/>' : '') +
    `<sz val="${s.size ?? 11}"/>` +
    (s.color ? `<color rgb="${s.color}"/>` : '') +
    '<name val="Calibri"/><family val="2"/></font>'
  );
}

function indexOf(list: string[], item: string): number {
  const i = list.indexOf(item);
  if (i >= 0) return i;
  list.push(item);
  return list.length - 1;
}

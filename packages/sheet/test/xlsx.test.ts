import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Workbook, cellRef, colName, sheetPrefix } from '../src/index';
import { readXlsx } from './helpers/read-xlsx';
import { xmlErrors } from './helpers/strict-xml';

function sample(): Workbook {
  const wb = new Workbook();
  const s = wb.addSheet('Inputs');
  s.text(0, 0, '=1+1');
  s.text(1, 0, '=HYPERLINK("http://x","y") & <b> "quoted"');
  s.set(2, 1, { value: 0.1, style: wb.style({ fill: 'FFFFF2CC' }) });
  s.set(3, 1, { value: true });
  const t = wb.addSheet('Read me');
  t.set(0, 0, { formula: 'Inputs!B3*2', value: 0.2, style: wb.style({ numFmt: '0.000000' }) });
  t.set(1, 0, { formula: 'A1>0', value: true });
  t.set(2, 0, { formula: 'A1/0', value: Infinity });
  t.set(3, 0, { formula: 'A1*learning_rate' });
  t.freeze = { rows: 1, cols: 1 };
  t.width(0, 20);
  t.colorScales.push({ ref: 'A1:A4', colors: ['FF63BE7B', 'FFFFEB84', 'FFF8696B'] });
  wb.define('learning_rate', 'Inputs!$B$3');
  return wb;
}

describe('xlsx writer', () => {
  it('names columns and cells like a spreadsheet', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(colName)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    expect(cellRef(3, 2)).toBe('C4');
    expect(cellRef(3, 2, 'row')).toBe('C$4');
    expect(cellRef(3, 2, 'col')).toBe('$C4');
    expect(cellRef(3, 2, 'both')).toBe('$C$4');
    expect(sheetPrefix('Treino')).toBe('Treino!');
    expect(sheetPrefix('Read me')).toBe("'Read me'!");
    expect(sheetPrefix("It's")).toBe("'It''s'!");
  });

  it('writes a well-formed package with every part declared', () => {
    const files = unzipSync(sample().toXlsx());
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    for (const [path, bytes] of Object.entries(files)) expect(xmlErrors(strFromU8(bytes)), path).toEqual([]);
    const types = strFromU8(files['[Content_Types].xml']);
    for (const part of [
      '/xl/workbook.xml',
      '/xl/styles.xml',
      '/xl/sharedStrings.xml',
      '/xl/worksheets/sheet2.xml',
    ])
      expect(types).toContain(`PartName="${part}"`);
    const wb = strFromU8(files['xl/workbook.xml']);
    expect(wb).toContain('<calcPr calcId="191029" fullCalcOnLoad="1"/>');
    expect(wb).toContain('<definedName name="learning_rate">Inputs!$B$3</definedName>');
    expect(wb).toContain('<sheet name="Read me" sheetId="2" r:id="rId2"/>');
  });

  it('keeps text as text even when it looks like a formula', () => {
    const bytes = sample().toXlsx();
    const files = unzipSync(bytes);
    const sheet1 = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet1).not.toContain('<f>');
    const read = readXlsx(bytes).sheets.get('Inputs')!;
    expect(read.get('A1')).toMatchObject({ type: 's', value: '=1+1' });
    expect(read.get('A1')!.formula).toBeUndefined();
    expect(read.get('A2')).toMatchObject({ type: 's', value: '=HYPERLINK("http://x","y") & <b> "quoted"' });
    expect(read.get('B4')).toMatchObject({ type: 'b', value: true });
  });

  it('writes formulas with their cached values, errors and frozen panes', () => {
    const bytes = sample().toXlsx();
    const files = unzipSync(bytes);
    const sheet2 = strFromU8(files['xl/worksheets/sheet2.xml']);
    expect(sheet2).toContain('<f>Inputs!B3*2</f><v>0.2</v>');
    expect(sheet2).toMatch(/<c r="A2" t="b"><f>A1&gt;0<\/f><v>1<\/v><\/c>/);
    expect(sheet2).toMatch(/<c r="A3" t="e"><f>A1\/0<\/f><v>#NUM!<\/v><\/c>/);
    expect(sheet2).toContain('<c r="A4"><f>A1*learning_rate</f></c>');
    expect(sheet2).toContain(
      '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>',
    );
    expect(sheet2).toContain('<cfRule type="colorScale" priority="1">');
    expect(sheet2).toContain('<col min="1" max="1" width="20" customWidth="1"/>');
    // Element order required by the schema: views, columns, data, then conditional formatting.
    const order = ['<sheetViews>', '<cols>', '<sheetData>', '<conditionalFormatting'].map((t) =>
      sheet2.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shares equal styles and registers number formats', () => {
    const wb = new Workbook();
    const a = wb.style({ bold: true, numFmt: '0.000000' });
    const b = wb.style({ numFmt: '0.000000', bold: true });
    expect(a).toBe(b);
    expect(wb.style({})).toBe(0);
    const xml = strFromU8(unzipSync(wb.toXlsx())['xl/styles.xml']);
    expect(xml).toContain('<numFmt numFmtId="164" formatCode="0.000000"/>');
    expect(xmlErrors(xml)).toEqual([]);
  });

  it('writes styles.xml that a strict parser accepts, alignment and wrap included', () => {
    // The old writer turned '<alignment …/></xf>' into '<alignment …//>' with a string replace.
    const wb = new Workbook();
    const aligned = wb.style({ align: 'center' });
    const wrapped = wb.style({ wrap: true, bold: true });
    const both = wb.style({ align: 'left', wrap: true, borderBottom: true, fill: 'FFFFF2CC' });
    const xml = strFromU8(unzipSync(wb.toXlsx())['xl/styles.xml']);
    expect(xmlErrors(xml)).toEqual([]);
    expect(xml).not.toContain('//>');
    expect(xml).toContain(
      `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf>`,
    );
    expect(new Set([aligned, wrapped, both]).size).toBe(3);
    expect(xml).toContain('<alignment horizontal="left" wrapText="1" vertical="top"/>');
  });

  it('escapes attribute values and text, and self-closes only empty elements', () => {
    const wb = new Workbook();
    wb.addSheet('A & <B> "q"').text(0, 0, 'x');
    wb.define('note', '\'A & <B> "q"\'!$A$1', 'a "comment" & <more>');
    const files = unzipSync(wb.toXlsx());
    for (const [path, bytes] of Object.entries(files)) expect(xmlErrors(strFromU8(bytes)), path).toEqual([]);
    const book = strFromU8(files['xl/workbook.xml']);
    expect(book).toContain('<sheet name="A &amp; &lt;B&gt; &quot;q&quot;" sheetId="1" r:id="rId1"/>');
    expect(book).toContain('comment="a &quot;comment&quot; &amp; &lt;more&gt;"');
    expect(strFromU8(files['xl/worksheets/sheet1.xml'])).toContain('<c r="A1" t="s"><v>0</v></c>');
  });

  it('rejects names and sheets a spreadsheet would not accept', () => {
    const wb = new Workbook();
    expect(() => wb.define('A1', 'X!$A$1')).toThrow(/invalid defined name/);
    expect(() => wb.define('W1', 'X!$A$1')).toThrow(/invalid defined name/);
    expect(() => wb.define('has space', 'X!$A$1')).toThrow(/invalid defined name/);
    wb.addSheet('Data');
    expect(() => wb.addSheet('data')).toThrow(/duplicate/);
    expect(() => wb.addSheet('a/b')).toThrow(/invalid sheet name/);
    expect(() => wb.addSheet('x'.repeat(32))).toThrow(/invalid sheet name/);
  });

  it('drops characters XML cannot hold instead of writing a broken file', () => {
    const wb = new Workbook();
    wb.addSheet('S').text(0, 0, 'bell\u0007 and nul\u0000 end');
    const bytes = wb.toXlsx();
    expect(xmlErrors(strFromU8(unzipSync(bytes)['xl/sharedStrings.xml']))).toEqual([]);
    expect(readXlsx(bytes).sheets.get('S')!.get('A1')!.value).toBe('bell and nul end');
  });
});

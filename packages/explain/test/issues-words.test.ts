/**
 * Every issue code and every expected key, rendered in both languages: no English word may reach a
 * pt-BR message ("objeto com units and activation" did) and no Portuguese word an English one. The
 * names in the samples are neutral tokens (x1, sgd), as a file's own names are shown verbatim.
 */
import {
  type Expected,
  type ExpectedKey,
  type Issue,
  type IssueCode,
  csvToData,
  validateExperiment,
} from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { renderIssue } from '../src/index';

/** One sample per key (a key added without a sample here does not compile). */
const SAMPLES: { [K in ExpectedKey]: Extract<Expected, { key: K }>[] } = {
  number: [{ key: 'number' }],
  integer: [{ key: 'integer' }],
  finiteNumber: [{ key: 'finiteNumber' }],
  text: [{ key: 'text' }],
  boolean: [{ key: 'boolean' }],
  object: [{ key: 'object' }],
  rows: [{ key: 'rows' }],
  cellNumber: [{ key: 'cellNumber' }],
  numberArray: [{ key: 'numberArray' }, { key: 'numberArray', n: 3 }],
  stringArray: [{ key: 'stringArray' }],
  layerArray: [{ key: 'layerArray' }],
  atLeastOne: (['row', 'number', 'layer', 'column', 'rowAfterHeader', 'word'] as const).map((what) => ({
    key: 'atLeastOne' as const,
    what,
  })),
  atLeastTwoColumns: [{ key: 'atLeastTwoColumns' }],
  headerAndRows: [{ key: 'headerAndRows' }],
  oneOf: [{ key: 'oneOf', values: ['sgd', 'adam'] }],
  fields: [{ key: 'fields', values: ['x1', 'x2'] }],
  objectWith: [
    { key: 'objectWith', fields: ['x1', 'x2'] },
    { key: 'objectWith', fields: ['x1', 'x2', 'x3'] },
  ],
  bound: [
    { key: 'bound', op: '>', value: 0 },
    { key: 'bound', op: '≤', value: 0.95 },
  ],
  literal: [{ key: 'literal', value: '"unha-model"' }],
  count: (
    [
      'values',
      'valuesPerRow',
      'numbers',
      'numbersPerUnit',
      'names',
      'rows',
      'rowsPerInput',
      'unitsPerTarget',
      'fields',
      'columns',
    ] as const
  ).map((of) => ({ key: 'count' as const, n: 3, of })),
  weightShape: [
    { key: 'weightShape', rows: 3, cols: 2, layer: 1 },
    { key: 'weightShape', rows: 3, cols: 1 },
  ],
  noOutputDropout: [{ key: 'noOutputDropout' }],
  word: [{ key: 'word' }],
  oneSource: [{ key: 'oneSource', fields: ['x1', 'x2', 'x3'] }],
  vocabLast: [{ key: 'vocabLast' }],
  firstLayer: [{ key: 'firstLayer' }],
  onlyLayer: [{ key: 'onlyLayer' }],
  outputVocab: [{ key: 'outputVocab', n: 27 }],
  bigramTable: [{ key: 'bigramTable', n: 27 }],
  fractionsSum: [{ key: 'fractionsSum' }],
  divisorOf: [{ key: 'divisorOf', n: 128 }],
  nonEmptyText: [{ key: 'nonEmptyText' }],
  textLength: [{ key: 'textLength', n: 65 }],
  layerParams: [{ key: 'layerParams', layers: 2 }],
  seedOrInitial: [{ key: 'seedOrInitial' }],
  paramNames: [
    { key: 'paramNames', seed: true },
    { key: 'paramNames', seed: false },
  ],
  limit: (
    [
      'parameters',
      'activations',
      'recorded',
      'cells',
      'depth',
      'headerBytes',
      'fileValues',
      'dims',
      'fileBytes',
    ] as const
  ).map((what) => ({
    key: 'limit' as const,
    what,
    limit: 1_000_000,
    needed: 2_000_001,
  })),
  closingQuote: [{ key: 'closingQuote' }],
  textEncoding: [{ key: 'textEncoding' }],
  uniqueName: [{ key: 'uniqueName' }],
  columnName: [{ key: 'columnName' }],
  bytes: [
    { key: 'bytes', n: 8, atLeast: true },
    { key: 'bytes', n: 24, shape: [2, 3], dtype: 'F32' },
  ],
  bytesThere: (['file', 'afterLength', 'afterHeader'] as const).map((where) => ({
    key: 'bytesThere' as const,
    n: 92,
    where,
  })),
  announced: [{ key: 'announced', n: 720 }],
  utf8: [{ key: 'utf8' }],
  textMap: [{ key: 'textMap' }],
  dims: [{ key: 'dims' }],
  offsets: [{ key: 'offsets' }],
  offsetFrom: [{ key: 'offsetFrom', n: 96 }],
  tensorShape: [{ key: 'tensorShape', shape: [65, 128] }],
  tensorNames: [{ key: 'tensorNames', names: ['x1', 'x2'], more: 3 }],
  tiedHead: [{ key: 'tiedHead' }],
};

const CODES: Record<IssueCode, true> = {
  not_json: true,
  missing: true,
  wrong_type: true,
  unknown_value: true,
  not_finite: true,
  out_of_range: true,
  not_integer: true,
  empty: true,
  ragged: true,
  shape: true,
  unknown_field: true,
  file_unreadable: true,
  csv_column: true,
  csv_value: true,
  csv_ragged: true,
  csv_quote: true,
  too_large: true,
  too_deep: true,
  duplicate: true,
  encoding: true,
  truncated: true,
  twice: true,
  model_shape: true,
};

const expectations = Object.values(SAMPLES).flat() as Expected[];

/** Every code, with every expected wording, found sizes, on a path, on a CSV line and on the file. */
function issues(): Issue[] {
  const out: Issue[] = [];
  for (const code of Object.keys(CODES) as IssueCode[]) {
    out.push({ code, path: [] });
    out.push({ code, path: [], line: 2, column: 'x1' });
    for (const expected of expectations) {
      out.push({ code, path: ['x1', 0, 'x2'], expected, received: '"x9"' });
      out.push({ code, path: ['x1'], expected, found: expected });
    }
  }
  return out;
}

// Words of each language that the other must not show (lower case, matched as whole words).
const ENGLISH = [
  'and',
  'or',
  'of',
  'one',
  'at',
  'least',
  'array',
  'number',
  'numbers',
  'row',
  'rows',
  'values',
  'value',
  'object',
  'with',
  'the',
  'per',
  'layer',
  'layers',
  'names',
  'column',
  'columns',
  'fields',
  'field',
  'integer',
  'finite',
  'text',
  'parameters',
  'expected',
  'is',
  'has',
  'not',
  'unit',
  'units',
  'inputs',
  'header',
  'file',
  'most',
  'need',
  'would',
  'levels',
  'cells',
  'quote',
  'closing',
  'missing',
  'empty',
  'wrong',
  'type',
  'known',
  'large',
  'deep',
  'twice',
  'initial',
  'strings',
  'after',
  'on',
  'in',
  'twice',
];
const PORTUGUESE = [
  'e',
  'ou',
  'de',
  'um',
  'uma',
  'com',
  'número',
  'números',
  'linha',
  'linhas',
  'valores',
  'valor',
  'objeto',
  'lista',
  'pelo',
  'menos',
  'camada',
  'camadas',
  'coluna',
  'colunas',
  'campos',
  'campo',
  'inteiro',
  'finito',
  'texto',
  'parâmetros',
  'esperado',
  'não',
  'está',
  'é',
  'tem',
  'neurônio',
  'entradas',
  'cabeçalho',
  'arquivo',
  'máximo',
  'precisaria',
  'células',
  'aspas',
  'vazio',
  'tipo',
  'errado',
  'conhecido',
  'grande',
  'demais',
  'iniciais',
  'textos',
  'depois',
  'sem',
  'na',
  'da',
  'do',
];

/** The words of a message, without the parts that are not words of a language (names, numbers, paths). */
function words(message: string): string[] {
  return (
    message
      .replace(/"[^"]*"/g, ' ') // values quoted from the file
      .replace(
        /\b(x\d|sgd|adam|true|false|seed|W\d|b\d|UTF-\d+|docs\/experiment-fields\.md|docs\/formats\.md|JSON)\b/g,
        ' ',
      )
      // field names of the file format, shown verbatim in both languages
      .replace(/\b(units|activation|layers|init|inputs|targets|name|lr)\b/g, ' ')
      .toLowerCase()
      .split(/[^a-zà-ú]+/)
      .filter((w) => w !== '')
  );
}

describe('every issue message speaks one language', () => {
  const all = issues();
  it('pt-BR has no English word', () => {
    const leaks = all
      .map((i) => renderIssue(i, 'f.json', 'pt-BR'))
      .filter((m) => words(m).some((w) => ENGLISH.includes(w)));
    expect(leaks).toEqual([]);
  });
  it('en has no Portuguese word', () => {
    const leaks = all
      .map((i) => renderIssue(i, 'f.json', 'en'))
      .filter((m) => words(m).some((w) => PORTUGUESE.includes(w)));
    expect(leaks).toEqual([]);
  });
  it('the two languages word every expectation differently where words are involved', () => {
    for (const e of expectations) {
      const issue: Issue = { code: 'wrong_type', path: ['x1'], expected: e };
      const en = renderIssue(issue, 'f', 'en');
      const pt = renderIssue(issue, 'f', 'pt-BR');
      expect(en).toMatch(/; expected /);
      expect(pt).toMatch(/; esperado /);
    }
  });
  it('a limit names both sizes with the grouping of the language', () => {
    const issue: Issue = {
      code: 'too_large',
      path: ['model', 'layers', 0, 'units'],
      expected: { key: 'limit', what: 'parameters', limit: 1_000_000, needed: 200_000_001 },
    };
    expect(renderIssue(issue, 'e.json', 'en')).toBe(
      'e.json: model.layers[0].units is too large; expected at most 1,000,000 parameters; this would need 200,000,001 (docs/experiment-fields.md)',
    );
    expect(renderIssue(issue, 'e.json', 'pt-BR')).toBe(
      'e.json: model.layers[0].units é grande demais; esperado no máximo 1.000.000 parâmetros; este precisaria de 200.000.001 (docs/experiment-fields.md)',
    );
    // A weights file's limits are documented with the format, not with the experiment's fields.
    const header: Issue = {
      code: 'too_large',
      path: ['header_size'],
      expected: { key: 'limit', what: 'headerBytes', limit: 100_000_000 },
    };
    expect(renderIssue(header, 'w.safetensors', 'en')).toBe(
      'w.safetensors: header_size is too large; expected at most 100,000,000 bytes of header (safetensors refuses longer headers) (docs/formats.md)',
    );
  });
});

describe('issues the validators really produce', () => {
  // Each of these broke a pt-BR message before: "objeto com units and activation",
  // "pelo menos um(a) number", "2 values" found in a ragged row.
  const broken: unknown[] = [
    {
      data: { inputs: [[1]], targets: [[2]] },
      model: { layers: [3], init: { seed: 1 } },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 1,
    },
    {
      data: { inputs: [[], [1, 2]], targets: [[1], [2]] },
      model: { layers: [], init: {} },
      optimizer: 1,
      epochs: 1,
    },
    { data: { inputs: [[1, 2], [1]], targets: [[1]] }, model: 1, optimizer: { name: 'x' }, epochs: 0 },
    {
      data: { inputs: [[1]], targets: [[2]] },
      model: { layers: [{ units: 1 }], init: { W1: [[1, 2]] } },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 1,
    },
  ];
  const found = broken.flatMap((b) => {
    const r = validateExperiment(b);
    return r.ok ? [] : r.issues;
  });
  const csv = csvToData('a,a,y\n1,2\n');
  if (!csv.ok) found.push(...csv.issues);
  it('pt-BR has no English word, en no Portuguese word', () => {
    expect(found.length).toBeGreaterThan(10);
    const pt = found
      .map((i) => renderIssue(i, 'f', 'pt-BR'))
      .filter((m) => words(m.replace(/^f(:\d+)?: \S+/, '')).some((w) => ENGLISH.includes(w)));
    const en = found
      .map((i) => renderIssue(i, 'f', 'en'))
      .filter((m) => words(m.replace(/^f(:\d+)?: \S+/, '')).some((w) => PORTUGUESE.includes(w)));
    expect(pt).toEqual([]);
    expect(en).toEqual([]);
  });
});

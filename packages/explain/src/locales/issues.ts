import type { Expected, ExpectedKey, ExpectedParams, IssueCode } from '@unha/engine';
import type { Locale } from '../format';

/** One wording per expected key, given its parameters: a key without one in a locale does not compile. */
type ExpectedWords = { [K in ExpectedKey]: (p: ExpectedParams[K]) => string };

/** Words of a locale for the validation messages. */
export interface IssueWords {
  codes: Record<IssueCode, string>;
  expected: ExpectedWords;
  expectedLabel: string;
  column: string;
  /** What a problem on a line is about, when no field path names it. */
  theFile: string;
  theRow: string;
  theValue: string;
  theHeader: string;
}

/** A whole number with the locale's grouping (1,000,000 / 1.000.000): limits are read, not typed back. */
const grouped = (n: number, sep: string): string =>
  Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep) : String(n);

/** Where a limit is documented: a weights file's in docs/formats.md, an experiment's in its fields. */
const limitDoc = (what: string): string =>
  ['headerBytes', 'fileValues', 'dims', 'fileBytes'].includes(what)
    ? 'docs/formats.md'
    : 'docs/experiment-fields.md';

/** "a and b", "a, b and c". */
const list = (xs: string[], and: string): string =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`;

const en: IssueWords = {
  codes: {
    not_json: 'is not valid JSON',
    missing: 'is missing',
    wrong_type: 'has the wrong type',
    unknown_value: 'has an unknown value',
    not_finite: 'is not a finite number',
    out_of_range: 'is out of range',
    not_integer: 'is not a whole number',
    empty: 'is empty',
    ragged: 'has a different length from the first row',
    shape: 'does not fit the shape',
    unknown_field: 'is not a known field',
    file_unreadable: 'cannot be read',
    csv_column: 'names a column the file does not have',
    csv_value: 'is not a number',
    csv_ragged: 'has a different number of fields from the header',
    csv_quote: 'opens a quote that is never closed',
    too_large: 'is too large',
    too_deep: 'is nested too deeply',
    duplicate: 'names a column twice',
    encoding: 'is not text in an encoding we read',
    truncated: 'ends too soon',
    twice: 'is the same parameter as another name in the file (with and without a prefix)',
    model_shape: "is not the model's",
  },
  expected: {
    number: () => 'number',
    integer: () => 'integer',
    finiteNumber: () => 'finite number',
    text: () => 'text',
    boolean: () => 'true or false',
    object: () => 'object',
    rows: () => 'array of rows of numbers',
    cellNumber: () => 'a number',
    numberArray: ({ n }) => (n === undefined ? 'array of numbers' : `array of ${n} numbers`),
    stringArray: () => 'array of strings',
    layerArray: () => 'array of layers',
    atLeastOne: ({ what }) =>
      ({
        row: 'at least one row',
        number: 'at least one number',
        layer: 'at least one layer',
        column: 'at least one column',
        rowAfterHeader: 'at least one row after the header',
        word: 'at least one word',
      })[what],
    atLeastTwoColumns: () => 'at least two columns (inputs and a target)',
    headerAndRows: () => 'a header row and rows of numbers',
    oneOf: ({ values }) => `one of: ${values.join(', ')}`,
    fields: ({ values }) => values.join(', '),
    objectWith: ({ fields }) => `object with ${list(fields, 'and')}`,
    bound: ({ op, value }) => `${op} ${value}`,
    literal: ({ value }) => value,
    count: ({ n, of }) =>
      ({
        values: `${n} values`,
        valuesPerRow: `${n} values per row`,
        numbers: `${n} numbers`,
        numbersPerUnit: `${n} numbers (one per unit)`,
        names: `${n} names`,
        rows: `${n} rows`,
        rowsPerInput: `${n} rows (one per input row)`,
        unitsPerTarget: `${n} (one per target column)`,
        fields: `${n} fields (as in the header)`,
        columns: `${n} columns`,
      })[of],
    weightShape: ({ rows, cols, layer }) =>
      `[${rows}][${cols}]${layer === undefined ? '' : ` (units × inputs of layer ${layer})`}`,
    noOutputDropout: () => 'no dropout on the output layer',
    word: () => 'a word that is not empty and has no "." (the boundary token)',
    oneSource: ({ fields }) => `exactly one of ${list(fields, 'or')}`,
    vocabLast: () => 'units "vocab" only in the last layer',
    firstLayer: () => 'an embedding as the first layer (the characters are looked up first), or counts',
    onlyLayer: () => 'counts as the only layer',
    outputVocab: ({ n }) => `an output of ${n} values, one per character of the vocabulary (units "vocab")`,
    bigramTable: ({ n }) => `dim "vocab" (${n}) with context 1: an embedding alone is the neural bigram`,
    fractionsSum: () => 'fractions that add up to at most 1',
    divisorOf: ({ n }) => `a number that divides ${n}`,
    nonEmptyText: () => 'a text that is not empty',
    textLength: ({ n }) => `a text with at least ${n} training characters (block + 1)`,
    layerParams: ({ layers }) => `parameters of ${layers} layer(s)`,
    seedOrInitial: () => '{"seed": n} or the initial W1, b1, ...',
    paramNames: ({ seed }) => `W1, b1, W2, b2, ...${seed ? ' or seed' : ''}`,
    limit: ({ what, limit, needed }) =>
      `at most ${grouped(limit, ',')} ${
        {
          parameters: 'parameters',
          activations: 'values in one layer at one step (examples × widest layer)',
          recorded: 'parameters kept over the run (epochs × parameters)',
          cells: 'cells (rows × columns)',
          depth: 'levels of nesting',
          headerBytes: 'bytes of header (safetensors refuses longer headers)',
          fileValues: 'numbers in one file',
          dims: 'dimensions',
          fileBytes: 'bytes',
        }[what]
      }${needed === undefined ? '' : `; this would need ${grouped(needed, ',')}`} (${limitDoc(what)})`,
    closingQuote: () => 'a closing quote (")',
    textEncoding: () => 'text in UTF-8 or UTF-16',
    uniqueName: () => 'each column named once',
    columnName: () => 'a column name',
    bytes: ({ n, atLeast, shape, dtype }) =>
      `${atLeast ? 'at least ' : ''}${grouped(n, ',')} byte(s)${
        shape ? ` (shape [${shape.join(', ')}] of ${dtype}: ${shape.join(' × ') || '1'} values)` : ''
      }`,
    bytesThere: ({ n, where }) =>
      where === 'file'
        ? `the file has ${grouped(n, ',')} byte(s)`
        : where === 'afterLength'
          ? `only ${grouped(n, ',')} byte(s) follow the 8 length bytes`
          : `only ${grouped(n, ',')} byte(s) of data follow the header`,
    announced: ({ n }) => `${grouped(n, ',')} byte(s) of header, as the file's first 8 bytes announce`,
    utf8: () => 'text in UTF-8',
    textMap: () => 'an object whose values are texts',
    dims: () => 'an array of whole numbers ≥ 0',
    offsets: () => '[begin, end], whole numbers with begin ≤ end',
    offsetFrom: ({ n }) => `data starting at byte ${grouped(n, ',')}, right after the tensor before it`,
    tensorShape: ({ shape }) => `shape [${shape.join(', ')}]`,
    tensorNames: ({ names, more }) => `one of: ${names.join(', ')}${more > 0 ? ` (and ${more} more)` : ''}`,
    tiedHead: () => 'lm_head.weight equal to transformer.wte.weight (the head is tied to the embedding)',
  },
  expectedLabel: 'expected',
  column: 'column',
  theFile: 'the file',
  theRow: 'the row',
  theValue: 'the value',
  theHeader: 'the header',
};

const ptBR: IssueWords = {
  codes: {
    not_json: 'não é um JSON válido',
    missing: 'está faltando',
    wrong_type: 'tem o tipo errado',
    unknown_value: 'tem um valor desconhecido',
    not_finite: 'não é um número finito',
    out_of_range: 'está fora do intervalo permitido',
    not_integer: 'não é um número inteiro',
    empty: 'está vazio',
    ragged: 'tem um tamanho diferente da primeira linha',
    shape: 'não encaixa no formato',
    unknown_field: 'não é um campo conhecido',
    file_unreadable: 'não pode ser lido',
    csv_column: 'cita uma coluna que o arquivo não tem',
    csv_value: 'não é um número',
    csv_ragged: 'tem um número de campos diferente do cabeçalho',
    csv_quote: 'abre aspas que nunca se fecham',
    too_large: 'é grande demais',
    too_deep: 'está aninhado fundo demais',
    duplicate: 'dá o mesmo nome a duas colunas',
    encoding: 'não é texto numa codificação que sabemos ler',
    truncated: 'acaba antes do que devia',
    twice: 'é o mesmo parâmetro que outro nome do arquivo (com e sem prefixo)',
    model_shape: 'não é o do modelo',
  },
  expected: {
    number: () => 'número',
    integer: () => 'número inteiro',
    finiteNumber: () => 'número finito',
    text: () => 'texto',
    boolean: () => 'true ou false',
    object: () => 'objeto',
    rows: () => 'lista de linhas de números',
    cellNumber: () => 'um número',
    numberArray: ({ n }) => (n === undefined ? 'lista de números' : `lista de ${n} números`),
    stringArray: () => 'lista de textos',
    layerArray: () => 'lista de camadas',
    atLeastOne: ({ what }) =>
      ({
        row: 'pelo menos uma linha',
        number: 'pelo menos um número',
        layer: 'pelo menos uma camada',
        column: 'pelo menos uma coluna',
        rowAfterHeader: 'pelo menos uma linha depois do cabeçalho',
        word: 'pelo menos uma palavra',
      })[what],
    atLeastTwoColumns: () => 'pelo menos duas colunas (entradas e um alvo)',
    headerAndRows: () => 'uma linha de cabeçalho e linhas de números',
    oneOf: ({ values }) => `um de: ${values.join(', ')}`,
    fields: ({ values }) => values.join(', '),
    objectWith: ({ fields }) => `objeto com ${list(fields, 'e')}`,
    bound: ({ op, value }) => `${op} ${String(value).replace('.', ',')}`,
    literal: ({ value }) => value,
    count: ({ n, of }) =>
      ({
        values: `${n} valores`,
        valuesPerRow: `${n} valores por linha`,
        numbers: `${n} números`,
        numbersPerUnit: `${n} números (um por neurônio)`,
        names: `${n} nomes`,
        rows: `${n} linhas`,
        rowsPerInput: `${n} linhas (uma por linha de entradas)`,
        unitsPerTarget: `${n} (um por coluna de alvo)`,
        fields: `${n} campos (como no cabeçalho)`,
        columns: `${n} colunas`,
      })[of],
    weightShape: ({ rows, cols, layer }) =>
      `[${rows}][${cols}]${layer === undefined ? '' : ` (neurônios × entradas da camada ${layer})`}`,
    noOutputDropout: () => 'sem dropout na camada de saída',
    word: () => 'uma palavra não vazia e sem "." (o marcador de fronteira)',
    oneSource: ({ fields }) => `exatamente um de ${list(fields, 'ou')}`,
    vocabLast: () => 'units "vocab" só na última camada',
    firstLayer: () => 'um embedding como primeira camada (os caracteres são consultados primeiro), ou counts',
    onlyLayer: () => 'counts como única camada',
    outputVocab: ({ n }) => `uma saída de ${n} valores, um por caractere do vocabulário (units "vocab")`,
    bigramTable: ({ n }) => `dim "vocab" (${n}) com context 1: um embedding sozinho é o bigrama neural`,
    fractionsSum: () => 'frações que somem no máximo 1',
    divisorOf: ({ n }) => `um número que divida ${n}`,
    nonEmptyText: () => 'um texto não vazio',
    textLength: ({ n }) => `um texto com pelo menos ${n} caracteres de treino (block + 1)`,
    layerParams: ({ layers }) => `parâmetros de ${layers} camada(s)`,
    seedOrInitial: () => '{"seed": n} ou os W1, b1, ... iniciais',
    paramNames: ({ seed }) => `W1, b1, W2, b2, ...${seed ? ' ou seed' : ''}`,
    limit: ({ what, limit, needed }) =>
      `no máximo ${grouped(limit, '.')} ${
        {
          parameters: 'parâmetros',
          activations: 'valores numa camada num passo (exemplos × camada mais larga)',
          recorded: 'parâmetros guardados ao longo do treino (épocas × parâmetros)',
          cells: 'células (linhas × colunas)',
          depth: 'níveis de aninhamento',
          headerBytes: 'bytes de cabeçalho (o safetensors recusa cabeçalhos maiores)',
          fileValues: 'números num arquivo',
          dims: 'dimensões',
          fileBytes: 'bytes',
        }[what]
      }${needed === undefined ? '' : `; este precisaria de ${grouped(needed, '.')}`} (${limitDoc(what)})`,
    closingQuote: () => 'aspas de fechamento (")',
    textEncoding: () => 'texto em UTF-8 ou UTF-16',
    uniqueName: () => 'cada coluna com um nome só seu',
    columnName: () => 'um nome de coluna',
    bytes: ({ n, atLeast, shape, dtype }) =>
      `${atLeast ? 'pelo menos ' : ''}${grouped(n, '.')} byte(s)${
        shape ? ` (formato [${shape.join(', ')}] de ${dtype}: ${shape.join(' × ') || '1'} valores)` : ''
      }`,
    bytesThere: ({ n, where }) =>
      where === 'file'
        ? `o arquivo tem ${grouped(n, '.')} byte(s)`
        : where === 'afterLength'
          ? `só ${grouped(n, '.')} byte(s) vêm depois dos 8 bytes de tamanho`
          : `só ${grouped(n, '.')} byte(s) de dados vêm depois do cabeçalho`,
    announced: ({ n }) =>
      `${grouped(n, '.')} byte(s) de cabeçalho, como anunciam os 8 primeiros bytes do arquivo`,
    utf8: () => 'texto em UTF-8',
    textMap: () => 'um objeto cujos valores são textos',
    dims: () => 'uma lista de números inteiros ≥ 0',
    offsets: () => '[início, fim], números inteiros com início ≤ fim',
    offsetFrom: ({ n }) => `dados começando no byte ${grouped(n, '.')}, logo depois do tensor anterior`,
    tensorShape: ({ shape }) => `formato [${shape.join(', ')}]`,
    tensorNames: ({ names, more }) => `um de: ${names.join(', ')}${more > 0 ? ` (e mais ${more})` : ''}`,
    tiedHead: () => 'lm_head.weight igual a transformer.wte.weight (a cabeça é amarrada ao embedding)',
  },
  expectedLabel: 'esperado',
  column: 'coluna',
  theFile: 'o arquivo',
  theRow: 'a linha',
  theValue: 'o valor',
  theHeader: 'o cabeçalho',
};

export function issueWords(locale: Locale): IssueWords {
  return locale === 'pt-BR' ? ptBR : en;
}

/** What was expected, in the locale's words. */
export function expectedText(e: Expected, locale: Locale): string {
  const words = issueWords(locale).expected[e.key] as (p: Expected) => string;
  return words(e);
}

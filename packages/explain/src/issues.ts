import { type Issue, formatPath } from '@unha/engine';
import type { Locale } from './format';

const pt: [RegExp, string][] = [
  [/^one of: (.*)$/, 'um de: $1'],
  [/^finite number$/, 'número finito'],
  [/^number$/, 'número'],
  [/^integer$/, 'número inteiro'],
  [/^text$/, 'texto'],
  [/^true or false$/, 'true ou false'],
  [/^object$/, 'objeto'],
  [/^array of rows of numbers$/, 'lista de linhas de números'],
  [/^array of numbers$/, 'lista de números'],
  [/^array of strings$/, 'lista de textos'],
  [/^array of layers$/, 'lista de camadas'],
  [/^array of (\d+) numbers$/, 'lista de $1 números'],
  [/^at least one (row|number|layer)$/, 'pelo menos um(a) $1'],
  [/^object with (.*)$/, 'objeto com $1'],
  [/^(\d+) values$/, '$1 valores'],
  [/^(\d+) values per row$/, '$1 valores por linha'],
  [/^(\d+) numbers \(one per unit\)$/, '$1 números (um por neurônio)'],
  [/^(\d+) numbers$/, '$1 números'],
  [/^(\d+) names$/, '$1 nomes'],
  [/^(\d+) rows \(one per input row\)$/, '$1 linhas (uma por linha de entradas)'],
  [/^(\d+) \(one per target column\)$/, '$1 (um por coluna de alvo)'],
  [/^\[(\d+)\]\[(\d+)\] \(units × inputs of layer (\d+)\)$/, '[$1][$2] (neurônios × entradas da camada $3)'],
  [/^no dropout on the output layer$/, 'sem dropout na camada de saída'],
  [/^parameters of (\d+) layer\(s\)$/, 'parâmetros de $1 camada(s)'],
  [/^W1, b1, W2, b2, \.\.\. or seed$/, 'W1, b1, W2, b2, ... ou seed'],
  [/^\{"seed": n\} or the initial W1, b1, \.\.\.$/, '{"seed": n} ou os W1, b1, ... iniciais'],
  [/^a number$/, 'um número'],
  [/^(\d+) fields \(as in the header\)$/, '$1 campos (como no cabeçalho)'],
  [/^a header row and rows of numbers$/, 'uma linha de cabeçalho e linhas de números'],
  [/^at least one row after the header$/, 'pelo menos uma linha depois do cabeçalho'],
  [/^at least two columns \(inputs and a target\)$/, 'pelo menos duas colunas (entradas e um alvo)'],
  [/^at least one column$/, 'pelo menos uma coluna'],
  [/^(\d+) columns$/, '$1 colunas'],
  [/^array of (\d+|n) numbers$/, 'lista de $1 números'],
  [/^object with mean and std$/, 'objeto com mean e std'],
  [/^object with epochs$/, 'objeto com epochs'],
];

function translateExpected(s: string, locale: Locale): string {
  if (locale !== 'pt-BR') return s;
  for (const [re, rep] of pt) if (re.test(s)) return s.replace(re, rep);
  return s;
}

const WORDS: Record<Locale, Record<Issue['code'], string>> = {
  en: {
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
  },
  'pt-BR': {
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
  },
};

/**
 * One issue as a sentence in the user's language naming the file, the field and what was expected:
 * "exp.json: model.layers[0].activation has an unknown value: "foo"; expected one of: identity, relu, tanh, sigmoid".
 */
export function renderIssue(issue: Issue, source: string, locale: Locale): string {
  const where =
    issue.line !== undefined
      ? `${source}:${issue.line}${issue.column ? ` (${locale === 'pt-BR' ? 'coluna' : 'column'} ${issue.column})` : ''}`
      : source;
  // A problem inside a CSV is about a row or a value there, not about the whole file.
  const lineField =
    issue.code === 'csv_ragged'
      ? { en: 'the row', 'pt-BR': 'a linha' }
      : issue.line !== undefined && issue.column !== undefined
        ? { en: 'the value', 'pt-BR': 'o valor' }
        : undefined;
  const field =
    issue.path.length > 0
      ? formatPath(issue.path)
      : lineField
        ? lineField[locale]
        : locale === 'pt-BR'
          ? 'o arquivo'
          : 'the file';
  let s = `${where}: ${field} ${WORDS[locale][issue.code]}`;
  if (issue.received !== undefined) s += `: ${issue.received}`;
  if (issue.expected !== undefined)
    s += `; ${locale === 'pt-BR' ? 'esperado' : 'expected'} ${translateExpected(issue.expected, locale)}`;
  return s;
}

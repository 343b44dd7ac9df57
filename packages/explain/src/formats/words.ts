import type { Locale } from '../format';

/**
 * The inside-the-file lesson's words, in English and Portuguese. Numbers arrive already written in
 * the locale (numeral, whole, sizeText); these only place them in sentences.
 */
export interface FormatsWords {
  title: (name: string, size: string) => string;
  lengthHead: string;
  lengthRead: string;
  lengthSum: (sum: string, n: string) => string;
  headerHead: (from: string, to: string, n: string) => string;
  headerText: (hexes: string, chars: string) => string;
  shortened: (chars: string) => string;
  padding: (spaces: string) => string;
  tensorsHead: (dataStart: string) => string;
  tensorColumns: [string, string, string, string, string];
  bytesRange: (from: string, to: string) => string;
  moreTensors: (n: string) => string;
  tensorsTotal: (values: string, bytes: string) => string;
  valuesHead: string;
  valueAt: (byte: string) => string;
  workedHead: (name: string) => string;
  inFile: string;
  highFirst: string;
  bitsLabel: (bits: string) => string;
  fieldsLegend: (e: string, m: string) => string;
  signWord: string;
  exponentWord: string;
  mantissaWord: string;
  valueWord: string;
  signMeaning: (s: 0 | 1) => string;
  exactly: (exact: string) => string;
  special: (kind: 'zero' | 'infinity' | 'nan' | 'subnormal') => string;
  rounded: (original: string, stored: string, diff: string) => string;
  sizesHead: string;
  sizeSum: (total: string, header: string, data: string) => string;
  dataShare: (params: string, bytesEach: string, share: string) => string;
  scalesHead: string;
  scaleColumns: [string, string, string];
  scaleRows: { thisFile: (n: string) => string; seed16: string; million: string; trillion: string };
  scalesNote: string;
}

const en: FormatsWords = {
  title: (name, size) => `Inside ${name}: ${size}, byte by byte`,
  lengthHead: "1 · Bytes 0 to 7: the header's length N",
  lengthRead:
    'An unsigned 64-bit integer, little-endian: the lowest byte comes first, each next one counts 256 times more.',
  lengthSum: (sum, n) => `${sum} = ${n}: the header has N = ${n} bytes.`,
  headerHead: (from, to, n) => `2 · Bytes ${from} to ${to}: the header, N = ${n} bytes of JSON text (UTF-8)`,
  headerText: (hexes, chars) => `${hexes}  =  ${chars}   (text: each byte a character)`,
  shortened: (chars) => `… (${chars} characters)`,
  padding: (spaces) => `+ ${spaces} spaces, so that the numbers start at a multiple of 8 bytes.`,
  tensorsHead: (dataStart) =>
    `3 · The numbers, from byte ${dataStart} = 8 + N on; each tensor's place is 8 + N + its data_offsets`,
  tensorColumns: ['tensor', 'dtype', 'shape', 'values', 'bytes in the file'],
  bytesRange: (from, to) => `${from} to ${to}`,
  moreTensors: (n) => `… and ${n} more tensors`,
  tensorsTotal: (values, bytes) => `${values} values in all, ${bytes} of numbers.`,
  valuesHead: '4 · The first numbers: the bytes in the file, and the number they are',
  valueAt: (byte) => `byte ${byte}:`,
  workedHead: (name) => `5 · One number by hand: ${name}`,
  inFile: 'In the file (lowest byte first):',
  highFirst: 'Turned around (highest byte first):',
  bitsLabel: (bits) => `As ${bits} bits:`,
  fieldsLegend: (e, m) => `(1 bit of sign, ${e} of exponent, ${m} of mantissa)`,
  signWord: 'sign',
  exponentWord: 'exponent',
  mantissaWord: 'mantissa',
  valueWord: 'value',
  signMeaning: (s) => (s === 0 ? '0 → positive (+)' : '1 → negative (−)'),
  exactly: (exact) => `exactly ${exact}`,
  special: (kind) =>
    ({
      zero: 'Exponent and mantissa all zeros: the number 0.',
      infinity: 'Exponent all ones, mantissa zero: infinity.',
      nan: 'Exponent all ones, mantissa not zero: NaN, not a number.',
      subnormal: 'Exponent all zeros: a subnormal number, 0.mantissa × 2^(1 − bias), with no leading 1.',
    })[kind],
  rounded: (original, stored, diff) =>
    `Before it was written it was ${original} (float64); the file keeps the nearest number it can hold, ${stored}, ${diff} away.`,
  sizesHead: '6 · The size of the file against the number of parameters',
  sizeSum: (total, header, data) =>
    `${total} = 8 (the length) + ${header} (the header) + ${data} (the numbers)`,
  dataShare: (params, bytesEach, share) =>
    `${params} parameters × ${bytesEach} bytes: the numbers are ${share} of the file; the rest describes them.`,
  scalesHead: "At the seed's scales (float32: 4 bytes a parameter; float64: 8):",
  scaleColumns: ['parameters', 'float32', 'float64'],
  scaleRows: {
    thisFile: (n) => `${n} (this file)`,
    seed16: "16 (the seed's 8 + 8 network)",
    million: '1000 × 1000 = 1 million',
    trillion: '1 trillion (GPT scale)',
  },
  scalesNote:
    'The header grows with the number of tensors, not of numbers: at a million parameters it is a few hundred bytes beside 4 MB.',
};

const pt: FormatsWords = {
  title: (name, size) => `Dentro de ${name}: ${size}, byte a byte`,
  lengthHead: '1 · Bytes 0 a 7: o tamanho N do cabeçalho',
  lengthRead:
    'Um inteiro de 64 bits sem sinal, little-endian: o byte menos significativo vem primeiro, cada seguinte vale 256 vezes mais.',
  lengthSum: (sum, n) => `${sum} = ${n}: o cabeçalho tem N = ${n} bytes.`,
  headerHead: (from, to, n) => `2 · Bytes ${from} a ${to}: o cabeçalho, N = ${n} bytes de texto JSON (UTF-8)`,
  headerText: (hexes, chars) => `${hexes}  =  ${chars}   (texto: cada byte um caractere)`,
  shortened: (chars) => `… (${chars} caracteres)`,
  padding: (spaces) => `+ ${spaces} espaços, para que os números comecem num múltiplo de 8 bytes.`,
  tensorsHead: (dataStart) =>
    `3 · Os números, do byte ${dataStart} = 8 + N em diante; o lugar de cada tensor é 8 + N + seus data_offsets`,
  tensorColumns: ['tensor', 'dtype', 'forma', 'valores', 'bytes no arquivo'],
  bytesRange: (from, to) => `${from} a ${to}`,
  moreTensors: (n) => `… e mais ${n} tensores`,
  tensorsTotal: (values, bytes) => `${values} valores ao todo, ${bytes} de números.`,
  valuesHead: '4 · Os primeiros números: os bytes no arquivo e o número que eles são',
  valueAt: (byte) => `byte ${byte}:`,
  workedHead: (name) => `5 · Um número na unha: ${name}`,
  inFile: 'No arquivo (o byte menos significativo primeiro):',
  highFirst: 'Virado (o mais significativo primeiro):',
  bitsLabel: (bits) => `Em ${bits} bits:`,
  fieldsLegend: (e, m) => `(1 bit de sinal, ${e} de expoente, ${m} de mantissa)`,
  signWord: 'sinal',
  exponentWord: 'expoente',
  mantissaWord: 'mantissa',
  valueWord: 'valor',
  signMeaning: (s) => (s === 0 ? '0 → positivo (+)' : '1 → negativo (−)'),
  exactly: (exact) => `exatamente ${exact}`,
  special: (kind) =>
    ({
      zero: 'Expoente e mantissa só com zeros: o número 0.',
      infinity: 'Expoente só com uns, mantissa zero: infinito.',
      nan: 'Expoente só com uns, mantissa não zero: NaN, não é um número.',
      subnormal: 'Expoente só com zeros: um número subnormal, 0,mantissa × 2^(1 − viés), sem o 1 na frente.',
    })[kind],
  rounded: (original, stored, diff) =>
    `Antes de ser escrito era ${original} (float64); o arquivo guarda o número mais próximo que cabe nele, ${stored}, a ${diff} de distância.`,
  sizesHead: '6 · O tamanho do arquivo diante do número de parâmetros',
  sizeSum: (total, header, data) =>
    `${total} = 8 (o tamanho) + ${header} (o cabeçalho) + ${data} (os números)`,
  dataShare: (params, bytesEach, share) =>
    `${params} parâmetros × ${bytesEach} bytes: os números são ${share} do arquivo; o resto os descreve.`,
  scalesHead: 'Nas escalas do seed (float32: 4 bytes por parâmetro; float64: 8):',
  scaleColumns: ['parâmetros', 'float32', 'float64'],
  scaleRows: {
    thisFile: (n) => `${n} (este arquivo)`,
    seed16: '16 (a rede 8 + 8 do seed)',
    million: '1000 × 1000 = 1 milhão',
    trillion: '1 trilhão (escala do GPT)',
  },
  scalesNote:
    'O cabeçalho cresce com o número de tensores, não de números: com um milhão de parâmetros são algumas centenas de bytes ao lado de 4 MB.',
};

export function formatsWords(locale: Locale): FormatsWords {
  return locale === 'pt-BR' ? pt : en;
}

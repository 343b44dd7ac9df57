import { plural } from '@unha/explain';
import type { Locale } from '../state';

/** A whole number with the locale's grouping (1,000,000 / 1.000.000): read, not typed back. */
export const grouped = (n: number, locale: Locale): string =>
  String(n).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'pt-BR' ? '.' : ',');

/** A number as stored, every digit JavaScript needs to give it back (3.14 / 3,14), the true minus. */
export const exact = (v: number, locale: Locale): string =>
  Number.isNaN(v)
    ? 'NaN'
    : String(v)
        .replace('.', locale === 'pt-BR' ? ',' : '.')
        .replace('-', '−');

/** A whole number with the true minus sign. */
const minus = (n: number): string => String(n).replace('-', '−');

/** The words of the model-as-a-file panels (download, open, inspect), in English; `pt` has the same keys. */
const en = {
  filesTitle: 'The model as a file',
  filesHelp:
    'Download the model as it is now, to open it in PyTorch (safetensors: nanoGPT’s names) or run it in onnxruntime (ONNX). The file is made on this machine.',
  downloadSt: (dtype: 'F64' | 'F32'): string =>
    dtype === 'F64' ? 'safetensors, float64 (exact)' : 'safetensors, float32 (half the size)',
  downloadOnnx: 'ONNX (float32)',
  noOnnx: 'ONNX is not available in this build yet.',
  made: (name: string, bytes: string) => `${name}: ${bytes} bytes, downloaded.`,
  dropHere: 'Or drop a .safetensors or .json file on this panel.',
  // The anatomy
  anatomyTitle: (name: string) => `Inside ${name}`,
  sizes: (file: string, header: string, data: string, values: string) =>
    `${file} bytes in all: 8 bytes that say how long the header is, ${header} bytes of header (JSON text) and ${data} bytes of numbers: ${values} values.`,
  lengthBytes: (bytes: string, n: string) =>
    `The first 8 bytes, ${bytes}, are one whole number written lowest byte first (little-endian): ${n}, the header’s length.`,
  headerSummary: (n: string) => `The header: ${n} bytes of JSON`,
  headerCut: (shown: string, all: string) => `(the first ${shown} of ${all} characters)`,
  tensorsCaption: (n: number) =>
    `${n} ${plural('en', n, 'tensor', 'tensors')}, in the order of their bytes. The header’s offsets count from the first byte of data; the file’s, from the file’s first byte.`,
  colName: 'Name',
  colDtype: 'Type',
  colShape: 'Shape',
  colValues: 'Values',
  colBytes: 'Bytes in the file',
  colFirst: 'First values',
  firstTitle: (tensor: string) => `The first values of ${tensor}, taken apart`,
  valueAt: (at: string, end: string) => `bytes ${at} to ${end} of the file:`,
  bytesLine: (bytes: string) => `bytes as stored (lowest first): ${bytes}`,
  bitsLine: (sign: string, exp: string, mant: string) =>
    `bits, highest first: sign ${sign} · exponent ${exp} · mantissa ${mant}`,
  fieldsLine: (sign: number, e: number, bias: number, m: string, bits: number) =>
    `sign ${sign} (${sign === 0 ? '+' : '−'}), exponent ${e} − ${bias} = ${minus(e - bias)}, mantissa ${m} / 2^${bits}`,
  valueLine: (formula: string, v: string) => `${formula} = ${v}`,
  special: (kind: string) =>
    ({ zero: 'zero', subnormal: 'a subnormal number', infinity: 'infinity', nan: 'not a number' })[kind] ??
    kind,
  opened: (name: string, step: number) =>
    `${name}: a GPT after step ${step}, loaded to sample and inspect (the numbers are the file’s).`,
  inspectedHere: (name: string) =>
    `${name}: taken apart below, in “Inside ${name}”. This lab runs experiments: the run on display stays.`,
  refused: (name: string, problems: string) =>
    `${name} cannot be read as safetensors; nothing was changed${problems ? `:\n${problems}` : '.'}`,
  tooLarge: (name: string) => `${name} is larger than the 200 MB a file may have here; nothing was changed.`,
  inspectedOnly: (name: string, why: string) => `${name} is shown above but cannot run here:\n${why}`,
};

export type FileWords = typeof en;

const pt: FileWords = {
  filesTitle: 'O modelo como arquivo',
  filesHelp:
    'Baixe o modelo como ele está agora, para abrir no PyTorch (safetensors: os nomes do nanoGPT) ou rodar no onnxruntime (ONNX). O arquivo é feito nesta máquina.',
  downloadSt: (dtype) =>
    dtype === 'F64' ? 'safetensors, float64 (exato)' : 'safetensors, float32 (metade do tamanho)',
  downloadOnnx: 'ONNX (float32)',
  noOnnx: 'O ONNX ainda não está disponível nesta versão.',
  made: (name, bytes) => `${name}: ${bytes} bytes, baixado.`,
  dropHere: 'Ou solte um arquivo .safetensors ou .json neste painel.',
  anatomyTitle: (name) => `Dentro de ${name}`,
  sizes: (file, header, data, values) =>
    `${file} bytes ao todo: 8 bytes que dizem o tamanho do cabeçalho, ${header} bytes de cabeçalho (texto JSON) e ${data} bytes de números: ${values} valores.`,
  lengthBytes: (bytes, n) =>
    `Os 8 primeiros bytes, ${bytes}, são um número inteiro escrito do byte menor para o maior (little-endian): ${n}, o tamanho do cabeçalho.`,
  headerSummary: (n) => `O cabeçalho: ${n} bytes de JSON`,
  headerCut: (shown, all) => `(os primeiros ${shown} de ${all} caracteres)`,
  tensorsCaption: (n) =>
    `${n} ${plural('pt-BR', n, 'tensor', 'tensores')}, na ordem dos seus bytes. Os deslocamentos do cabeçalho contam do primeiro byte dos dados; os do arquivo, do primeiro byte do arquivo.`,
  colName: 'Nome',
  colDtype: 'Tipo',
  colShape: 'Formato',
  colValues: 'Valores',
  colBytes: 'Bytes no arquivo',
  colFirst: 'Primeiros valores',
  firstTitle: (tensor) => `Os primeiros valores de ${tensor}, desmontados`,
  valueAt: (at, end) => `bytes ${at} a ${end} do arquivo:`,
  bytesLine: (bytes) => `bytes como estão gravados (o menor primeiro): ${bytes}`,
  bitsLine: (sign, exp, mant) =>
    `bits, do maior para o menor: sinal ${sign} · expoente ${exp} · mantissa ${mant}`,
  fieldsLine: (sign, e, bias, m, bits) =>
    `sinal ${sign} (${sign === 0 ? '+' : '−'}), expoente ${e} − ${bias} = ${minus(e - bias)}, mantissa ${m} / 2^${bits}`,
  valueLine: (formula, v) => `${formula} = ${v}`,
  special: (kind) =>
    ({ zero: 'zero', subnormal: 'um número subnormal', infinity: 'infinito', nan: 'não é um número' })[
      kind
    ] ?? kind,
  opened: (name, step) =>
    `${name}: um GPT depois do passo ${step}, carregado para sortear texto e inspecionar (os números são os do arquivo).`,
  inspectedHere: (name) =>
    `${name}: desmontado abaixo, em “Dentro de ${name}”. Este laboratório roda experimentos: a execução na tela continua.`,
  refused: (name, problems) =>
    `${name} não pode ser lido como safetensors; nada foi mudado${problems ? `:\n${problems}` : '.'}`,
  tooLarge: (name) => `${name} tem mais que os 200 MB que um arquivo pode ter aqui; nada foi mudado.`,
  inspectedOnly: (name, why) => `${name} aparece acima, mas não pode rodar aqui:\n${why}`,
};

export function fileWords(locale: Locale): FileWords {
  return locale === 'pt-BR' ? pt : en;
}

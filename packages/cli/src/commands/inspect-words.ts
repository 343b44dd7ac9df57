import type { Locale } from '@unha/explain';

/** The words of `unha inspect` around the lesson's own (which live in @unha/explain's formats). */
const en = {
  readingGroup: "Reading a model's file (unha inspect <id>, unha run <id>):",
  exportFirst: (id: string) =>
    `${id} trains a language model or a GPT: export its weights first (unha export ${id} --safetensors ${id}.safetensors), then unha inspect ${id}.safetensors`,
  dtypeForLesson: (file: string) =>
    `--dtype chooses how a lesson's weights are written; ${file} already says its dtype in its header`,
  dtypeNames: 'float32 or float64',
  readingFlags: (id: string, flags: string) =>
    `${id} trains nothing to watch: it opens its model's file, and these flags would not change it: ${flags} (see unha inspect --help)`,
  valuesRange: 'a whole number from 1 to 1000',
  notSafetensorsJson: (file: string) =>
    `${file} is a JSON file, not safetensors: write its weights as safetensors first (unha export ${file} --safetensors weights.safetensors), then unha inspect weights.safetensors`,
  notSafetensors: (file: string) =>
    `${file} is not a safetensors file: its first 8 bytes do not give the length of a header that fits in it (an ONNX file opens in Netron or onnxruntime, docs/onnx.md)`,
  trainedIn: (id: string, epochs: number, dtype: string) =>
    `${id}.safetensors (${id} after ${epochs} epochs, written in memory as ${dtype})`,
};

export type InspectWords = typeof en;

const pt: InspectWords = {
  readingGroup: 'Lendo o arquivo de um modelo (unha inspect <id>, unha run <id>):',
  exportFirst: (id) =>
    `${id} treina um modelo de linguagem ou um GPT: exporte os pesos primeiro (unha export ${id} --safetensors ${id}.safetensors) e depois unha inspect ${id}.safetensors`,
  dtypeForLesson: (file) =>
    `--dtype escolhe como os pesos de uma lição são escritos; ${file} já diz o seu dtype no cabeçalho`,
  dtypeNames: 'float32 ou float64',
  readingFlags: (id, flags) =>
    `${id} não treina nada para acompanhar: abre o arquivo do seu modelo, e estas opções não o mudariam: ${flags} (veja unha inspect --help)`,
  valuesRange: 'um número inteiro de 1 a 1000',
  notSafetensorsJson: (file) =>
    `${file} é um arquivo JSON, não safetensors: grave os pesos em safetensors primeiro (unha export ${file} --safetensors pesos.safetensors) e depois unha inspect pesos.safetensors`,
  notSafetensors: (file) =>
    `${file} não é um arquivo safetensors: os seus 8 primeiros bytes não dão o tamanho de um cabeçalho que caiba nele (um arquivo ONNX abre no Netron ou no onnxruntime, docs/onnx.md)`,
  trainedIn: (id, epochs, dtype) =>
    `${id}.safetensors (${id} depois de ${epochs} épocas, escrito na memória em ${dtype})`,
};

export function inspectWords(locale: Locale): InspectWords {
  return locale === 'pt-BR' ? pt : en;
}

/** The pt-BR help of the flags `unha inspect` adds (help-words.ts spreads it into HELP_PT). */
export const INSPECT_HELP_PT: Record<string, string> = {
  'print the anatomy as one JSON object': 'mostra a anatomia como um objeto JSON',
  'how many of the first values to show (default 4)': 'quantos dos primeiros valores mostrar (padrão 4)',
  "a lesson's weights as float32 or float64 (default: float64; inside-the-file: float32)":
    'os pesos de uma lição em float32 ou float64 (padrão: float64; inside-the-file: float32)',
};

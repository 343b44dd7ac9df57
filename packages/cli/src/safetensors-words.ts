import type { Locale } from '@unha/explain';

/** The words of the safetensors commands (export --safetensors, --init, opening a file), pt-BR and en. */
export interface StWords {
  written: (file: string, dtype: string, tensors: number, values: number, bytes: number) => string;
  noKind: (file: string) => string;
  gptNeedsExperiment: (file: string) => string;
  initNotForCounts: (file: string) => string;
  oneFormat: string;
  dtypeNames: string;
}

const en: StWords = {
  written: (file, dtype, tensors, values, bytes) =>
    `Wrote ${file}: ${tensors} tensor(s), ${values.toLocaleString('en')} values in ${dtype}, ${bytes.toLocaleString('en')} bytes.`,
  noKind: (file) =>
    `${file}: the file does not say which model it holds (no "kind" in __metadata__): start a run from it with --init ${file} or model.init: {"file": "${file}"} in an experiment file.`,
  gptNeedsExperiment: (file) =>
    `${file}: a GPT file without "config" and "vocab" in __metadata__ (as nanoGPT saves them) has no vocabulary: write an experiment file with the model's shape and its text, with model.init: {"file": "${file}"}, and open that.`,
  initNotForCounts: (file) => `${file}: the counting model has no parameters to start from (it counts).`,
  oneFormat:
    'Say what to write, one of: --xlsx out.xlsx, --safetensors out.safetensors, --onnx out.onnx, --pytorch dir/',
  dtypeNames: 'float32 or float64',
};

const pt: StWords = {
  written: (file, dtype, tensors, values, bytes) =>
    `Gravado ${file}: ${tensors} tensor(es), ${values.toLocaleString('pt-BR')} valores em ${dtype}, ${bytes.toLocaleString('pt-BR')} bytes.`,
  noKind: (file) =>
    `${file}: o arquivo não diz que modelo contém (não há "kind" em __metadata__): comece um treino a partir dele com --init ${file} ou model.init: {"file": "${file}"} num arquivo de experimento.`,
  gptNeedsExperiment: (file) =>
    `${file}: um arquivo de GPT sem "config" e "vocab" em __metadata__ (como o nanoGPT os grava) não tem vocabulário: escreva um arquivo de experimento com a forma do modelo e o seu texto, com model.init: {"file": "${file}"}, e abra esse.`,
  initNotForCounts: (file) => `${file}: o modelo de contagem não tem parâmetros de onde partir (ele conta).`,
  oneFormat:
    'Diga o que gravar, um de: --xlsx saida.xlsx, --safetensors saida.safetensors, --onnx saida.onnx, --pytorch pasta/',
  dtypeNames: 'float32 ou float64',
};

export const stWords = (locale: Locale): StWords => (locale === 'pt-BR' ? pt : en);

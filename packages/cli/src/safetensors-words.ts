import type { WeightsKind } from '@unha/engine';
import type { Locale } from '@unha/explain';

/** The words of the safetensors commands (export --safetensors, --init, opening a file), pt-BR and en. */
export interface StWords {
  written: (file: string, dtype: string, tensors: number, values: number, bytes: number) => string;
  noKind: (file: string) => string;
  gptNeedsExperiment: (file: string) => string;
  initNotForCounts: (file: string) => string;
  /** --init given a file of another family (its metadata's kind against the run's). */
  initOtherKind: (file: string, has: WeightsKind, wants: WeightsKind) => string;
  oneFormat: string;
  /** export w.safetensors --xlsx: the workbook needs something to train. */
  xlsxOfWeights: (file: string) => string;
  initOfModel: (source: string) => string;
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
  initOtherKind: (file, has, wants) => {
    const a = { gpt: 'a GPT', dense: 'a dense network', lm: 'a language model' };
    return `${file}: the file holds ${a[has]} (kind "${has}" in __metadata__) and this run trains ${a[wants]}: --init takes the weights of the same kind of model.`;
  },
  initOfModel: (source) =>
    `--init starts a training from weights; ${source} is a trained model that already has its own: give --init with a lesson or an experiment file`,
  oneFormat:
    'Say what to write, one of: --xlsx out.xlsx, --safetensors out.safetensors, --onnx out.onnx, --pytorch dir/',
  xlsxOfWeights: (file) =>
    `${file} holds trained weights: --xlsx writes the training of a lesson or an experiment file, formula by formula. Write the weights with --safetensors, --onnx or --pytorch, or start a run from them with --init ${file}.`,
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
  initOtherKind: (file, has, wants) => {
    const a = { gpt: 'um GPT', dense: 'uma rede densa', lm: 'um modelo de linguagem' };
    return `${file}: o arquivo contém ${a[has]} (kind "${has}" em __metadata__) e este treino é de ${a[wants]}: --init recebe os pesos do mesmo tipo de modelo.`;
  },
  initOfModel: (source) =>
    `--init começa um treino a partir de pesos; ${source} é um modelo treinado que já tem os seus: dê --init com uma lição ou um arquivo de experimento`,
  oneFormat:
    'Diga o que gravar, um de: --xlsx saida.xlsx, --safetensors saida.safetensors, --onnx saida.onnx, --pytorch pasta/',
  xlsxOfWeights: (file) =>
    `${file} contém pesos treinados: --xlsx grava o treino de uma lição ou de um arquivo de experimento, fórmula por fórmula. Grave os pesos com --safetensors, --onnx ou --pytorch, ou comece um treino a partir deles com --init ${file}.`,
  dtypeNames: 'float32 ou float64',
};

export const stWords = (locale: Locale): StWords => (locale === 'pt-BR' ? pt : en);

/** The help of the flags of export and --init, in English as registered. */
export const ST_HELP = {
  init: 'start from the weights of this safetensors file (names and shapes checked against the model)',
  safetensors: 'the trained weights as safetensors (F64, or F32 with --dtype float32)',
  onnx: 'the inference graph as ONNX (opset 17, float32 weights)',
  pytorch: 'a readable model.py and its weights, loaded by PyTorch',
  steps: 'language models and GPTs: number of optimizer steps (steps)',
  dtype:
    "a GPT: float32 or float64 to train in (default: the experiment's dtype); also the safetensors file's dtype",
} as const;

/** Their lines in pt-BR, keyed by the English text (help-words.ts). */
export const ST_HELP_PT: Record<string, string> = {
  [ST_HELP.init]: 'começa dos pesos deste arquivo safetensors (nomes e formatos conferidos com os do modelo)',
  [ST_HELP.safetensors]: 'os pesos treinados em safetensors (F64, ou F32 com --dtype float32)',
  [ST_HELP.onnx]: 'o grafo de inferência em ONNX (opset 17, pesos em float32)',
  [ST_HELP.pytorch]: 'um model.py legível e os seus pesos, carregados pelo PyTorch',
  [ST_HELP.steps]: 'modelos de linguagem e GPTs: número de passos do otimizador (steps)',
  [ST_HELP.dtype]:
    'um GPT: float32 ou float64 para treinar (padrão: o dtype do experimento); também o dtype do arquivo safetensors',
};

import { oneNeuron } from '../seed-lessons';
import type { ReadingLesson } from './reading-lesson';

/**
 * The seed's question 2 ("a big CSV? a database?") answered by opening a real file: the one neuron of
 * moments 13–15 (LR 0.01, 15 epochs: W = 2.0919, B = 0.5306) written as safetensors in float32.
 */
export const insideTheFile: ReadingLesson = {
  kind: 'reading',
  id: 'inside-the-file',
  seedRef: '1–2, 15',
  title: {
    'pt-BR': 'Dentro do arquivo: os parâmetros byte a byte',
    en: 'Inside the file: the parameters byte by byte',
  },
  summary: {
    'pt-BR': 'O neurônio treinado (W = 2,0919, B = 0,5306) salvo em safetensors float32, aberto byte a byte.',
    en: 'The trained neuron (W = 2.0919, B = 0.5306) saved as safetensors float32, opened byte by byte.',
  },
  story: {
    'pt-BR': [
      'No seed, a segunda pergunta do Sallin foi sobre a forma física dos parâmetros: um grande CSV? um banco de dados? A resposta: matrizes de números reais, guardadas em arquivos como .h5 ou .pt; 1 milhão de parâmetros pode ser uma matriz 1000 × 1000. Esta lição abre um desses arquivos e lê cada byte.',
      'O arquivo guarda o neurônio da lição one-neuron depois de 15 épocas com LR = 0,01 (o momento 15 do seed: W = 2,0919, B = 0,5306), no formato safetensors, o que o Hugging Face usa para pesos de modelos e o PyTorch lê. São três partes: 8 bytes dizendo o tamanho do cabeçalho; o cabeçalho, um texto JSON com o nome, o tipo, a forma e o lugar de cada tensor; e os números, um atrás do outro, 4 bytes cada em float32.',
      'Um float32 são 32 bits: 1 de sinal, 8 de expoente e 23 de mantissa, e vale (−1)^sinal × (1 + mantissa / 2^23) × 2^(expoente − 127). Guarda uns 7 algarismos significativos: o W treinado em float64, 2,091945786…, vira no arquivo o float32 mais próximo, 2,0919458866…, que se escreve curto como 2,091946.',
      'Por que não um CSV? Num CSV, 2,0919458866119385 ocupa 18 caracteres mais o separador, e para achar o milésimo número é preciso ler os 999 anteriores. No arquivo cada número ocupa sempre 4 bytes: o milésimo está no byte 8 + N + 4 × 999, sem ler nada antes. Um banco de dados traria índices e transações de que uma lista de números não precisa.',
      'E as escalas do seed: 1000 × 1000 = 1 milhão de parâmetros são 4 MB em float32 (8 MB em float64); um modelo na casa do trilhão ocupa uns 4 TB, dividido em muitos arquivos. O cabeçalho quase não cresce: ele descreve tensores, não números.',
    ],
    en: [
      "In the seed, Sallin's second question was about the physical shape of the parameters: a big CSV? a database? The answer: arrays of real numbers, kept in files such as .h5 or .pt; 1 million parameters could be a 1000 × 1000 matrix. This lesson opens one of those files and reads every byte.",
      "The file holds the neuron of the one-neuron lesson after 15 epochs at LR = 0.01 (the seed's moment 15: W = 2.0919, B = 0.5306), in the safetensors format, the one Hugging Face uses for model weights and PyTorch reads. It has three parts: 8 bytes saying how long the header is; the header, a JSON text with each tensor's name, type, shape and place; and the numbers, one after the other, 4 bytes each in float32.",
      'A float32 is 32 bits: 1 of sign, 8 of exponent and 23 of mantissa, and it is worth (−1)^sign × (1 + mantissa / 2^23) × 2^(exponent − 127). It keeps about 7 significant digits: the W trained in float64, 2.091945786…, becomes in the file the nearest float32, 2.0919458866…, written short as 2.091946.',
      'Why not a CSV? In a CSV, 2.0919458866119385 takes 18 characters plus the separator, and finding the thousandth number means reading the 999 before it. In the file every number takes 4 bytes: the thousandth is at byte 8 + N + 4 × 999, with nothing read before it. A database would bring indexes and transactions a list of numbers does not need.',
      "And the seed's scales: 1000 × 1000 = 1 million parameters are 4 MB in float32 (8 MB in float64); a model in the trillions takes about 4 TB, split over many files. The header hardly grows: it describes tensors, not numbers.",
    ],
  },
  tryNext: [
    {
      command: 'unha inspect inside-the-file --json',
      why: { 'pt-BR': 'os mesmos números, para um script', en: 'the same numbers, for a script' },
    },
    {
      command: 'unha inspect two-neurons',
      why: { 'pt-BR': 'outra lição treinada, em float64', en: 'another trained lesson, in float64' },
    },
    {
      command: 'unha export gpt-tiny --safetensors tiny.safetensors && unha inspect tiny.safetensors',
      why: { 'pt-BR': 'um GPT inteiro, com os nomes do nanoGPT', en: "a whole GPT, under nanoGPT's names" },
    },
  ],
  experiment: { ...oneNeuron.experiment, optimizer: { name: 'sgd', lr: 0.01 }, epochs: 15 },
  dtype: 'F32',
  fileName: 'one-neuron.safetensors',
};

import { unbalancedPairs } from './data';
import type { Lesson } from './lesson';

/** The seed's moment 19–20: inputs on different scales make the model "hallucinate"; three fixes. */
export const unbalancedScales: Lesson = {
  id: 'unbalanced-scales',
  seedRef: '19–20',
  title: {
    'pt-BR': 'Escalas desbalanceadas: o modelo “alucina” e três remédios',
    en: 'Unbalanced scales: the model "hallucinates", and three fixes',
  },
  summary: {
    'pt-BR':
      'a entre 0 e 1, b entre 10 e 100: com LR 0,05 a perda explode; LR 0,0001, --normalize e Adam salvam.',
    en: 'a between 0 and 1, b between 10 and 100: at LR 0.05 the loss explodes; LR 0.0001, --normalize and Adam rescue it.',
  },
  story: {
    'pt-BR': [
      'No momento 19 da conversa, o Sallin mexeu nas entradas, colocou números de escalas diferentes e viu o modelo “alucinar” ao vivo. Aqui está o mesmo neurônio de duas entradas da lição two-inputs, ŷ = W₁·a + W₂·b + B, aprendendo a mesma regra y = 2a + 3b + 5. A diferença: a vai de 0 a 1 e b vai de 10 a 100.',
      'Com LR = 0,05, a época 1 tem perda 29912,9 e a atualização já leva W₂ a 964,86: o gradiente de W₂ soma (ŷ − y)·b, e b é grande, então o passo pula muito além do alvo 3. Na época 2 a perda é 2,88 bilhões; na época 3 passa de um milhão de vezes a primeira e o treino para. O programa não quebra: diz qual valor explodiu, em que época, e por quê (com --json, o campo "diverged").',
      'Por quê? A curvatura da perda (o quanto o gradiente muda quando o peso muda) na direção de W₂ é cerca de 2·média(b²) ≈ 6228; na direção de W₁ e B ela é menor que 1. A descida do gradiente só não passa do vale se LR < 2/curvatura ≈ 0,0003. Com 0,05, cada época multiplica o erro por cerca de −310: ele troca de sinal e cresce, como a oscilação da lição one-neuron, só que para fora.',
      'Remédio A, “pisa no freio” (--lr 0.0001): nada explode, e em 500 épocas a perda cai de 29912,9 para 4,92. W₂ chega logo a 3,10, mas W₁ (0,08) e B (0,13) quase não andam: uma taxa pequena o bastante para b é pequena demais para a. Com --epochs 20000 a perda vai a 1,13: funciona, devagar. O botão do laboratório (e a sugestão do terminal) usa 0,00025, a maior taxa testada que não diverge, logo abaixo do limite 0,0003: em 500 épocas a perda chega a 4,64 e, com 20000 épocas, a 0,159.',
      'Remédio B, normalizar (--normalize): cada entrada vira seu escore z, (x − média) / desvio padrão, com a média e o desvio padrão dos dados de treino (a: 0,4937 e 0,2793; b: 52 e 20,2176). As duas ficam com média 0 e desvio 1, a curvatura fica perto de 2 em todas as direções, e o mesmo LR 0,05 leva a perda a praticamente zero. Os pesos agora falam em unidades de desvio padrão: W₂ = 60,65 = 3 · 20,2176, e B = 161,99 é a média de y. A média e o desvio ficam guardados com o modelo (--save), para que uma entrada nova seja normalizada do mesmo jeito antes da predição.',
      'Remédio C, um otimizador moderno (--optimizer adam): o Adam divide cada gradiente pelo seu próprio tamanho médio, então cada parâmetro anda no máximo cerca de LR por passo, seja qual for a escala da entrada. Nada explode; em 500 épocas a perda chega a 0,31 (W ≈ 3,04 e 3,02, B ≈ 3,11) e continua caindo.',
      'Como disse o GPT no momento 20: “Se os dados têm escalas diferentes, normaliza! Se o modelo tá instável, pisa no freio! Otimizadores modernos = mágicos do século XXI.”',
    ],
    en: [
      'At moment 19 of the conversation, Sallin played with the inputs, put in numbers of different scales and watched the model "hallucinate" live. Here is the same two-input neuron as in the lesson two-inputs, ŷ = W₁·a + W₂·b + B, learning the same rule y = 2a + 3b + 5. The difference: a goes from 0 to 1 and b from 10 to 100.',
      'At LR = 0.05, epoch 1 has loss 29912.9 and its update already sends W₂ to 964.86: the gradient of W₂ sums (ŷ − y)·b, and b is large, so the step jumps far past the target 3. At epoch 2 the loss is 2.88 billion; at epoch 3 it passes a million times the first one and the run stops. The program does not crash: it says which value exploded, at which epoch, and why (with --json, the "diverged" field).',
      'Why? The curvature of the loss (how fast the gradient changes when the weight changes) along W₂ is about 2·mean(b²) ≈ 6228; along W₁ and B it is below 1. Gradient descent does not jump across the valley only if LR < 2/curvature ≈ 0.0003. At 0.05 each epoch multiplies the error by about −310: it flips sign and grows, like the oscillation of the lesson one-neuron, but outwards.',
      'Fix A, "step on the brake" (--lr 0.0001): nothing explodes, and in 500 epochs the loss drops from 29912.9 to 4.92. W₂ quickly reaches 3.10, but W₁ (0.08) and B (0.13) barely move: a rate small enough for b is too small for a. With --epochs 20000 the loss gets to 1.13: it works, slowly. The lab’s button (and the terminal’s suggestion) uses 0.00025, the largest rate it tried that does not diverge, just under the 0.0003 limit: in 500 epochs the loss reaches 4.64, and with 20000 epochs 0.159.',
      'Fix B, normalize (--normalize): each input becomes its z-score, (x − mean) / standard deviation, with the mean and standard deviation of the training data (a: 0.4937 and 0.2793; b: 52 and 20.2176). Both then have mean 0 and deviation 1, the curvature is near 2 in every direction, and the same LR 0.05 takes the loss to practically zero. The weights now speak in standard deviations: W₂ = 60.65 = 3 · 20.2176, and B = 161.99 is the mean of y. The mean and deviation are kept with the model (--save), so that a new input is normalized the same way before prediction.',
      'Fix C, a modern optimizer (--optimizer adam): Adam divides each gradient by its own running size, so each parameter moves at most about LR per step, whatever the scale of its input. Nothing explodes; in 500 epochs the loss reaches 0.31 (W ≈ 3.04 and 3.02, B ≈ 3.11) and keeps falling.',
      'As GPT put it at moment 20: "If the data has different scales, normalize! If the model is unstable, step on the brake! Modern optimizers = wizards of the 21st century."',
    ],
  },
  tryNext: [
    {
      command: 'unha explain unbalanced-scales --epoch 1',
      why: {
        'pt-BR': 'o gradiente de W₂ carrega o tamanho de b',
        en: 'the gradient of W₂ carries the size of b',
      },
    },
    {
      command: 'unha run unbalanced-scales --lr 0.0001',
      why: { 'pt-BR': 'remédio A: pisar no freio', en: 'fix A: step on the brake' },
    },
    {
      command: 'unha run unbalanced-scales --normalize --save scales.json',
      why: {
        'pt-BR': 'remédio B: normalizar (e guardar o modelo com a normalização)',
        en: 'fix B: normalize (and keep the model with its normalization)',
      },
    },
    {
      command: 'unha predict scales.json --input 0.5,50',
      why: {
        'pt-BR': 'a predição normaliza a entrada nova do mesmo jeito',
        en: 'prediction normalizes the new input the same way',
      },
    },
    {
      command: 'unha run unbalanced-scales --optimizer adam',
      why: { 'pt-BR': 'remédio C: o Adam', en: 'fix C: Adam' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Escalas desbalanceadas: y = 2a + 3b + 5', en: 'Unbalanced scales: y = 2a + 3b + 5' },
    data: { ...unbalancedPairs(), inputNames: ['a', 'b'], targetNames: ['y'] },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0, 0]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05 },
    epochs: 500,
  },
};

import type { Experiment, LayerSpec } from '@unha/engine';
import { overfitData } from './data';
import type { Lesson } from './lesson';

const data = overfitData();

/** 1 → 16 → 16 → 1 with tanh: 321 parameters for 10 training points. */
function experiment(extra: { l2?: number; dropout?: number }, title: Experiment['title']): Experiment {
  const hidden = (): LayerSpec => ({
    units: 16,
    activation: 'tanh',
    ...(extra.dropout !== undefined && { dropout: extra.dropout }),
  });
  return {
    title,
    data: { ...data.train, inputNames: ['x'], targetNames: ['y'] },
    validation: data.validation,
    model: { layers: [hidden(), hidden(), { units: 1, activation: 'identity' }], init: { seed: 3 } },
    loss: 'mse',
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 1000,
    seed: 1,
    ...(extra.l2 !== undefined && { l2: extra.l2 }),
  };
}

/** The seed's next steps: "Regularização (L2, Dropout) — pra evitar overfitting". */
export const overfitting: Lesson = {
  id: 'overfitting',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Overfitting: uma rede grande decora 10 pontos',
    en: 'Overfitting: a big network memorises 10 points',
  },
  summary: {
    'pt-BR': '321 parâmetros para 10 pontos ruidosos de y = x: treino → 0, validação piora.',
    en: '321 parameters for 10 noisy points of y = x: training → 0, validation gets worse.',
  },
  story: {
    'pt-BR': [
      'A regra verdadeira é uma reta, y = x, medida com ruído (desvio padrão 0,3). Temos só 10 pontos para treinar e mais 30 pontos de validação, da mesma regra e do mesmo ruído, que o modelo nunca vê no treino.',
      'A rede é grande para esses dados: 1 → 16 → 16 → 1 com tanh, 32 + 272 + 17 = 321 parâmetros para 10 pontos. Ela tem liberdade para passar por cada ponto, ruído incluído. E passa: em 1000 épocas (Adam, LR 0,01) a perda de treino vai a praticamente zero.',
      'Mas a perda de validação conta outra história: ela é mínima perto da época 9 (0,094) e depois sobe até 0,186. O melhor que se pode esperar é o ruído, cerca de 0,3² = 0,09 (a própria reta y = x tem 0,105 nesses 30 pontos). A diferença entre treino (≈ 0) e validação (0,186) é o overfitting: a rede decorou o ruído dos 10 pontos em vez de aprender a reta.',
      'Dois remédios do texto original (“Regularização (L2, Dropout) — pra evitar overfitting”) estão nas lições overfitting-l2 e overfitting-dropout, com os mesmos dados, a mesma rede e a mesma inicialização.',
    ],
    en: [
      'The true rule is a line, y = x, measured with noise (standard deviation 0.3). We have only 10 points to train on and 30 more validation points, from the same rule and the same noise, that the model never sees in training.',
      'The network is large for this data: 1 → 16 → 16 → 1 with tanh, 32 + 272 + 17 = 321 parameters for 10 points. It is free to pass through every point, noise included. And it does: in 1000 epochs (Adam, LR 0.01) the training loss goes to practically zero.',
      'But the validation loss tells another story: it is lowest near epoch 9 (0.094) and then climbs to 0.186. The best one can hope for is the noise, about 0.3² = 0.09 (the line y = x itself scores 0.105 on those 30 points). The difference between training (≈ 0) and validation (0.186) is overfitting: the network memorised the noise of the 10 points instead of learning the line.',
      'Two fixes from the original write-up ("Regularization (L2, Dropout) — to avoid overfitting") are in the lessons overfitting-l2 and overfitting-dropout, with the same data, the same network and the same initialisation.',
    ],
  },
  tryNext: [
    {
      command: 'unha run overfitting-l2',
      why: { 'pt-BR': 'a penalidade L2 fecha a diferença', en: 'the L2 penalty closes the gap' },
    },
    {
      command: 'unha run overfitting-dropout',
      why: { 'pt-BR': 'o dropout fecha a diferença', en: 'dropout closes the gap' },
    },
    {
      command: 'unha run overfitting --epochs 9',
      why: { 'pt-BR': 'parar cedo (early stopping)', en: 'stopping early (early stopping)' },
    },
    {
      command: 'unha params overfitting',
      why: { 'pt-BR': '321 parâmetros, camada por camada', en: '321 parameters, layer by layer' },
    },
  ],
  experiment: experiment({}, { 'pt-BR': 'Overfitting: 1 → 16 → 16 → 1', en: 'Overfitting: 1 → 16 → 16 → 1' }),
};

export const overfittingL2: Lesson = {
  id: 'overfitting-l2',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Regularização L2: pesos grandes custam caro',
    en: 'L2 regularization: large weights cost',
  },
  summary: {
    'pt-BR': 'A mesma rede com a penalidade λ·ΣW² (λ = 0,01): a diferença entre treino e validação fecha.',
    en: 'The same network with the penalty λ·ΣW² (λ = 0.01): the gap between training and validation closes.',
  },
  story: {
    'pt-BR': [
      'Para passar por cada ponto ruidoso, a rede da lição overfitting precisa de curvas bruscas, e curvas bruscas pedem pesos grandes. A regularização L2 cobra por isso: a perda passa a ser L = EQM + λ·ΣW², a soma dos quadrados de todos os pesos (não dos vieses) vezes λ = 0,01.',
      'No backpropagation cada peso ganha um termo a mais, ∂(λ·W²)/∂W = 2·λ·W: além de seguir os dados, todo peso é puxado um pouco para zero a cada passo (por isso também se chama “weight decay”). `unha explain overfitting-l2 --epoch 1` mostra a penalidade somada na perda e o termo 2·λ·W em cada gradiente de peso.',
      'O resultado, com os mesmos dados, rede e inicialização: a perda de treino (só o EQM) para em 0,099 em vez de zero, e a de validação fica em 0,146 em vez de 0,186. A diferença entre as duas cai de 0,186 para 0,047: a rede não consegue mais decorar o ruído, e chega perto da reta. A coluna perda da tabela inclui a penalidade (0,134 no fim); a perda val. é só o EQM.',
      'λ é um botão: 0 é a lição overfitting; grande demais e a rede vira quase uma constante (experimente --l2 1).',
    ],
    en: [
      'To pass through every noisy point, the network of the lesson overfitting needs sharp bends, and sharp bends need large weights. L2 regularization charges for that: the loss becomes L = MSE + λ·ΣW², the sum of the squares of every weight (not the biases) times λ = 0.01.',
      'In backpropagation each weight gets one more term, ∂(λ·W²)/∂W = 2·λ·W: besides following the data, every weight is pulled a little towards zero at every step (hence the other name, "weight decay"). `unha explain overfitting-l2 --epoch 1` shows the penalty added to the loss and the term 2·λ·W in each weight gradient.',
      'The result, with the same data, network and initialisation: the training loss (the MSE alone) stops at 0.099 instead of zero, and the validation loss stays at 0.146 instead of 0.186. The gap between them falls from 0.186 to 0.047: the network can no longer memorise the noise, and gets close to the line. The table’s loss column includes the penalty (0.134 at the end); val. loss is the MSE alone.',
      'λ is a knob: 0 is the lesson overfitting; too large and the network becomes almost a constant (try --l2 1).',
    ],
  },
  tryNext: [
    {
      command: 'unha explain overfitting-l2 --epoch 1 --layer 3',
      why: {
        'pt-BR': 'a penalidade e o termo 2·λ·W, na unha',
        en: 'the penalty and the 2·λ·W term, by hand',
      },
    },
    {
      command: 'unha run overfitting-l2 --l2 1',
      why: { 'pt-BR': 'λ grande demais', en: 'λ too large' },
    },
  ],
  experiment: experiment(
    { l2: 0.01 },
    { 'pt-BR': 'Overfitting com L2 (λ = 0,01)', en: 'Overfitting with L2 (λ = 0.01)' },
  ),
};

export const overfittingDropout: Lesson = {
  id: 'overfitting-dropout',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Dropout: desligar neurônios ao acaso no treino',
    en: 'Dropout: switching neurons off at random in training',
  },
  summary: {
    'pt-BR': 'A mesma rede com dropout 0,2 nas camadas ocultas: a diferença entre treino e validação fecha.',
    en: 'The same network with dropout 0.2 on the hidden layers: the gap between training and validation closes.',
  },
  story: {
    'pt-BR': [
      'Dropout: em cada passo de treino, cada saída das camadas ocultas é zerada com probabilidade p = 0,2. Quem sobra é dividido por 1 − p = 0,8 (dropout “invertido”), para que a soma esperada não mude; por isso na predição não se faz nada: todos os neurônios trabalham e nenhum fator é aplicado.',
      'Quais valores são zerados é decidido por uma máscara sorteada pelo gerador com semente (seed 1): mesma semente, mesmas máscaras. `unha explain overfitting-dropout --epoch 1` mostra a máscara (0 ou 1,25) multiplicando cada ativação, e no backpropagation o gradiente atravessando a mesma máscara: um neurônio desligado não recebe gradiente naquele passo.',
      'Como nenhum neurônio pode contar com um vizinho específico, a rede não consegue montar as curvas finas que decoram o ruído. Com os mesmos dados, rede e inicialização: a perda de treino (medida sem dropout) para em 0,042 e a de validação em 0,120 (contra 0,186). A diferença cai de 0,186 para 0,078.',
      'A coluna perda da tabela é medida com as máscaras ligadas (0,076 no fim), por isso sobe e desce mais que a da lição overfitting; a perda val. é sempre sem dropout.',
    ],
    en: [
      'Dropout: at each training step, each output of the hidden layers is zeroed with probability p = 0.2. Those that remain are divided by 1 − p = 0.8 ("inverted" dropout) so that the expected sum does not change; that is why nothing is done at prediction: every neuron works and no factor is applied.',
      'Which values are zeroed is decided by a mask drawn by the seeded generator (seed 1): same seed, same masks. `unha explain overfitting-dropout --epoch 1` shows the mask (0 or 1.25) multiplying each activation, and in backpropagation the gradient passing through the same mask: a switched-off neuron gets no gradient at that step.',
      'Since no neuron can rely on one particular neighbour, the network cannot build the fine bends that memorise the noise. With the same data, network and initialisation: the training loss (measured without dropout) stops at 0.042 and the validation loss at 0.120 (against 0.186). The gap falls from 0.186 to 0.078.',
      'The table’s loss column is measured with the masks on (0.076 at the end), which is why it goes up and down more than in the lesson overfitting; val. loss is always without dropout.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain overfitting-dropout --epoch 1 --layer 2',
      why: { 'pt-BR': 'as máscaras, na unha', en: 'the masks, by hand' },
    },
    {
      command: 'unha run overfitting-dropout --seed 2',
      why: { 'pt-BR': 'outras máscaras', en: 'other masks' },
    },
  ],
  experiment: experiment(
    { dropout: 0.2 },
    { 'pt-BR': 'Overfitting com dropout (p = 0,2)', en: 'Overfitting with dropout (p = 0.2)' },
  ),
};

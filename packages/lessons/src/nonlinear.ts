import { parabola } from './data';
import type { Lesson } from './lesson';

const data = { ...parabola(), inputNames: ['x'], targetNames: ['y'] };

/** The seed's next steps: "Brincar com dados não-lineares (e ver o modelo falhar!)". */
export const nonlinearLine: Lesson = {
  id: 'nonlinear-line',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Não linear: uma reta não segue y = x²',
    en: 'Non-linear: a line cannot follow y = x²',
  },
  summary: {
    'pt-BR': 'Um neurônio tenta aprender y = x² e falha: a melhor reta é a horizontal ŷ = 1,667.',
    en: 'One neuron tries to learn y = x² and fails: the best line is the flat ŷ = 1.667.',
  },
  story: {
    'pt-BR': [
      'Os dados agora são nove pontos da parábola y = x², com x de −2 a 2 (passo 0,5). Um neurônio só sabe desenhar retas: ŷ = W·x + B. “Uma só reta pra encaixar tudo”, como disse o GPT no momento 19.',
      'E ele falha, à vista: W vai para 0 e B para 1,667, a média dos y. A melhor reta para uma parábola simétrica é horizontal: inclinar para um lado erra mais do outro. A perda para em 2,139 (a variância dos y) e não desce mais, com qualquer taxa, otimizador ou número de épocas. Não é falta de treino: é falta de forma.',
      'Para sair da reta é preciso uma camada oculta com ativação não linear (lição nonlinear-hidden).',
    ],
    en: [
      'The data is now nine points of the parabola y = x², with x from −2 to 2 (step 0.5). One neuron can only draw lines: ŷ = W·x + B. "A single line to fit everything", as GPT said at moment 19.',
      'And it fails, visibly: W goes to 0 and B to 1.667, the mean of the y. The best line for a symmetric parabola is flat: tilting it one way misses more on the other side. The loss stops at 2.139 (the variance of the y) and goes no lower, with any rate, optimizer or number of epochs. It is not a lack of training: it is a lack of shape.',
      'Leaving the straight line takes a hidden layer with a non-linear activation (lesson nonlinear-hidden).',
    ],
  },
  tryNext: [
    {
      command: 'unha run nonlinear-line --optimizer adam --lr 0.1 --epochs 1000',
      why: { 'pt-BR': 'mais treino não ajuda', en: 'more training does not help' },
    },
    {
      command: 'unha run nonlinear-hidden',
      why: { 'pt-BR': 'uma camada oculta com tanh', en: 'a hidden layer with tanh' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Uma reta para y = x²', en: 'A line for y = x²' },
    data,
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05 },
    epochs: 200,
  },
};

/** The seed's next steps: "Adicionar camadas e ativação não-linear (pra sair do domínio linear)". */
export const nonlinearHidden: Lesson = {
  id: 'nonlinear-hidden',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Uma camada oculta com tanh aprende y = x²',
    en: 'A hidden layer with tanh learns y = x²',
  },
  summary: {
    'pt-BR':
      '1 → 4 (tanh) → 1, 13 parâmetros: a perda vai de 6,87 a 0,002. Sem a tanh, volta a ser uma reta.',
    en: '1 → 4 (tanh) → 1, 13 parameters: the loss goes from 6.87 to 0.002. Without the tanh it is a line again.',
  },
  story: {
    'pt-BR': [
      'Os mesmos nove pontos de y = x², agora com uma camada oculta de 4 neurônios com ativação tanh: cada neurônio calcula zⱼ = W1[j]·x + b1[j] e depois aⱼ = tanh(zⱼ), uma curva em S; a saída soma as quatro curvas, ŷ = Σ W2[j]·aⱼ + b2. São 4 + 4 + 4 + 1 = 13 parâmetros.',
      'Somando curvas em S deslocadas e com sinais diferentes dá para desenhar um vale: com Adam (LR 0,1), em 300 épocas a perda cai de 6,87 para 0,002. A rede não sabe o que é “ao quadrado”: ela monta uma forma parecida com peças de tanh.',
      'Por que a ativação é o que importa? Tire a tanh (--layers 4,1: a camada oculta com a identidade) e a rede inteira vira uma reta de novo: ŷ = W2·(W1·x + b1) + b2 = (W2·W1)·x + (W2·b1 + b2), um só peso e um só viés disfarçados em 13 números. A perda para em 2,139, igualzinha à da lição nonlinear-line. Empilhar camadas lineares não sai da reta; é a não linearidade entre elas que dobra o espaço.',
      'ReLU (max(0, z)) e sigmoide (1/(1 + e^−z)) também servem: experimente --layers 4:relu,1 ou --layers 4:sigmoid,1. E `unha explain nonlinear-hidden --epoch 1` mostra cada tanh e a sua derivada 1 − a² na regra da cadeia.',
    ],
    en: [
      'The same nine points of y = x², now with a hidden layer of 4 neurons with the tanh activation: each neuron computes zⱼ = W1[j]·x + b1[j] and then aⱼ = tanh(zⱼ), an S-shaped curve; the output adds the four curves, ŷ = Σ W2[j]·aⱼ + b2. That is 4 + 4 + 4 + 1 = 13 parameters.',
      'Adding S-curves, shifted and with different signs, can draw a valley: with Adam (LR 0.1), in 300 epochs the loss falls from 6.87 to 0.002. The network does not know what "squared" is: it builds a similar shape out of tanh pieces.',
      'Why is the activation what matters? Take the tanh away (--layers 4,1: the hidden layer with the identity) and the whole network is a line again: ŷ = W2·(W1·x + b1) + b2 = (W2·W1)·x + (W2·b1 + b2), one weight and one bias disguised as 13 numbers. The loss stops at 2.139, exactly that of the lesson nonlinear-line. Stacking linear layers never leaves the line; it is the non-linearity between them that bends the space.',
      'ReLU (max(0, z)) and the sigmoid (1/(1 + e^−z)) work too: try --layers 4:relu,1 or --layers 4:sigmoid,1. And `unha explain nonlinear-hidden --epoch 1` shows each tanh and its derivative 1 − a² in the chain rule.',
    ],
  },
  tryNext: [
    {
      command: 'unha run nonlinear-hidden --layers 4,1',
      why: {
        'pt-BR': 'sem ativação: a rede colapsa numa reta',
        en: 'no activation: the network collapses to a line',
      },
    },
    {
      command: 'unha run nonlinear-hidden --layers 4:relu,1',
      why: { 'pt-BR': 'com ReLU', en: 'with ReLU' },
    },
    {
      command: 'unha explain nonlinear-hidden --epoch 1 --example 1',
      why: { 'pt-BR': 'a tanh e a sua derivada, na unha', en: 'the tanh and its derivative, by hand' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Camada oculta para y = x²', en: 'A hidden layer for y = x²' },
    data,
    model: {
      layers: [
        { units: 4, activation: 'tanh' },
        { units: 1, activation: 'identity' },
      ],
      init: { seed: 1 },
    },
    loss: 'mse',
    optimizer: { name: 'adam', lr: 0.1 },
    epochs: 300,
  },
};

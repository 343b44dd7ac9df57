import { plural } from '../format';
import type { Messages } from './en';

/** Todas as palavras da explicação e das interfaces, em português do Brasil. */
export const ptBR: Messages = {
  epochTitle: (epoch, step, steps) =>
    steps > 1 ? `Época ${epoch}, passo ${step} de ${steps}` : `Época ${epoch}`,
  data: 'Dados',
  forward: 'Passo para frente (forward pass)',
  loss: 'Perda (loss)',
  backward: 'Backpropagation (regra da cadeia)',
  update: 'Atualização',
  summary: 'Resultado',
  example: (n, total) => `Exemplo ${n} de ${total}`,
  moreExamples: (n) =>
    `… e mais ${n} ${plural('pt-BR', n, 'exemplo, calculado', 'exemplos, calculados')} do mesmo jeito.`,
  moreUnits: (n) =>
    `… e mais ${n} ${plural('pt-BR', n, 'neurônio', 'neurônios')} nesta camada, ${plural('pt-BR', n, 'calculado', 'calculados')} do mesmo jeito.`,
  moreInputs: (n) =>
    `… e mais ${n} ${plural('pt-BR', n, 'peso', 'pesos')} deste neurônio, ${plural('pt-BR', n, 'calculado', 'calculados')} do mesmo jeito.`,
  moreUpdates: (n, name) =>
    `… e mais ${n} ${plural('pt-BR', n, 'valor', 'valores')} de ${name}, ${plural('pt-BR', n, 'atualizado', 'atualizados')} pela mesma regra.`,
  layer: (l, units, act) =>
    `Camada ${l}: ${units} ${plural('pt-BR', units, 'neurônio', 'neurônios')}, ativação ${act}`,
  weightedSum: 'soma ponderada das entradas mais o viés',
  activation: (act) => `ativação ${act}`,
  dropout: (p) =>
    `dropout (p = ${String(p).replace('.', ',')}): cada valor é mantido e dividido por 1 − p, ou zerado`,
  error: 'erro: previsão menos alvo',
  mse: (n) =>
    `erro quadrático médio sobre ${n} ${plural('pt-BR', n, 'valor', 'valores')} (a convenção do texto: sem ½)`,
  l2: 'penalidade L2: λ vezes a soma dos pesos ao quadrado (não dos vieses)',
  totalLoss: 'perda = erro quadrático médio + penalidade L2',
  dLdyhat: 'quanto a perda muda com cada previsão',
  dLdz: (act) => `atravessando a ativação ${act}: multiplica pela derivada dela`,
  dLdW: 'gradiente do peso: soma, sobre os exemplos, de (gradiente em z) × (a entrada que esse peso multiplica)',
  dLda: 'gradiente devolvido à camada anterior: soma, sobre os neurônios, de (gradiente em z) × peso',
  dLdW_l2: 'mais o termo da L2: 2·λ·W',
  dropoutBack: 'atravessando o dropout: multiplica pela mesma máscara',
  gradNote:
    'Os gradientes começam em zero antes de cada passo (são zerados explicitamente) e somam a contribuição de cada exemplo.',
  sgdRule: 'descida do gradiente: um passo contra o gradiente, do tamanho da taxa de aprendizado',
  momentumRule: 'momentum: a velocidade v lembra os gradientes anteriores',
  adamRule: (t) =>
    `Adam, passo t = ${t}: médias móveis do gradiente (m) e do seu quadrado (v), corrigidas por começarem em zero`,
  lossWas: 'perda desta época (antes da atualização)',
  batchRows: (rows, step, steps) =>
    `lote ${step} de ${steps}: exemplos ${rows.join(', ')} dos dados (embaralhados pelo gerador com semente quando shuffle está ligado)`,
  batchLossWas: 'perda deste lote (antes da sua atualização)',
  epochLossIsMean: (steps) =>
    `perda da época: a média das ${steps} perdas de lote, cada uma antes da sua atualização`,
  paramsAfterStep: (step, steps) => `parâmetros depois da atualização do passo ${step} de ${steps}`,
  paramsEndOfEpoch: (epoch, steps) =>
    `parâmetros no fim da época ${epoch}, depois do seu último passo (${steps} de ${steps})`,
  noFullTrace: (epoch) => `A época ${epoch} foi executada sem o registro completo.`,
  divergedTitle: 'O treino divergiu',
  atEpoch: (epoch) => `Na época ${epoch}`,
  atEpochStep: (epoch, step) => `Na época ${epoch} (passo ${step})`,
  divergedLoss: (when, value, first, exploding) =>
    exploding
      ? `${when} a perda chegou a ${value}, mais de um milhão de vezes o começo (${first}), e o treino parou ali: cada atualização passou do alvo mais que a anterior.`
      : `${when} a perda virou ${value} (começou em ${first}): cada atualização passou do ponto mais que a anterior, até os números saírem do que o computador consegue guardar.`,
  divergedParam: (when, name, value) =>
    `${when} a atualização levou ${name} a ${value}, e o treino parou ali: os passos cresceram em vez de diminuir.`,
  divergedWhy:
    'Isso não é um erro do programa, é o resultado do experimento: cada passo multiplica o erro por um fator, e quando a taxa de aprendizado é grande demais para a escala das entradas esse fator passa de 1 em tamanho, e o erro cresce em vez de diminuir.',
  tryHeader: (epochs) =>
    `Cada uma destas foi treinada de novo por ${epochs} ${plural('pt-BR', epochs, 'época', 'épocas')} sem divergir:`,
  noFixFound:
    'Nenhuma das correções de sempre (taxa até um milhão de vezes menor, entradas normalizadas, Adam) resolveu: olhe os dados.',
  tryLower: (lr) => `Tente uma taxa menor (${lr})`,
  tryNormalize: 'Normalize as entradas (a escala de x define o tamanho de cada passo)',
  tryAdam: 'Use Adam (ele ajusta cada passo ao tamanho dos gradientes recentes)',
  notRun: (epoch, last) =>
    `A época ${epoch} não foi executada: a execução tem ${last} ${plural('pt-BR', last, 'época', 'épocas')}.`,
  predictTitle: 'Inferência (predição): só o passo para frente, com os parâmetros treinados',
  normalizeTitle: 'Normalização (escore z)',
  normalizeNote:
    'o modelo aprendeu com entradas normalizadas: cada entrada nova é deslocada e escalada com a média μ e o desvio padrão σ dos dados de treino, guardados com o modelo',
  noDropoutAtPrediction:
    'sem dropout na predição: todos os neurônios trabalham (o dropout invertido já escalou os valores mantidos no treino)',
};

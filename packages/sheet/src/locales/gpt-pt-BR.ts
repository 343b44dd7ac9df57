import type { GptMessages } from './gpt-en';

/** As palavras da planilha do GPT (português do Brasil). */
export const gptPtBR: GptMessages = {
  tooLarge: (e) =>
    `${e.field} é ${e.value}: um GPT em fórmulas tem no máximo ${e.limit} (a planilha de um passo ficaria longa demais para seguir à mão). Exporte uma configuração menor (p. ex. --batch-size, ou uma cópia do experimento com um modelo menor).`,
  written: (file, steps, of, cells) => [
    `Gravado ${file}: ${steps} de ${of} passo(s), ${cells.toLocaleString('pt-BR')} fórmulas vivas.`,
    'Abra no LibreOffice ou no Excel e mude learning_rate na aba Entradas: todos os passos recalculam.',
  ],
  unknownCorpus: (source, corpus) => `${source}: data.corpus: não há um corpus embutido '${corpus}'.`,
  sheets: { readme: 'Leia-me', inputs: 'Entradas', step: (k: number) => `Passo ${k}` },
  defaultTitle: 'Um GPT minúsculo, treinado à mão',
  readme: {
    intro: [
      'Cada número de um GPT minúsculo (o modelo do nanoGPT) treinado por alguns passos, em fórmulas vivas: a passada para a frente, a entropia cruzada, a retropropagação de cada operação (atenção e LayerNorm incluídas) e a atualização do otimizador.',
      'Cada passo é uma planilha, lida de cima para baixo: os parâmetros de que parte, os embeddings, cada bloco (LayerNorm, atenção por linha do lote e cabeça, MLP), a LayerNorm final, os logits e a perda; depois a retropropagação e a atualização de cada parâmetro.',
      'As linhas da maioria das tabelas são as posições do lote (b = linha do lote, t = posição); as tabelas da atenção têm uma linha por posição de consulta. As posições mascaradas (futuras) mostram −∞ e seus pesos são exatamente 0.',
    ],
    tryTitle: 'Experimente',
    tryLines: (lr: string) => [
      `Mude ${lr} na planilha Entradas: todos os passos se recalculam (as perdas se chamam step1_loss, step2_loss, …).`,
      'Mude um parâmetro inicial ou um token de um lote na planilha Entradas e siga a mudança por todas as fórmulas.',
    ],
    names:
      'Nomes definidos: learning_rate e as constantes do otimizador, step<k>_loss, final_loss, after<k>_<parâmetro> (p. ex. after3_wte_weight) e final_<parâmetro>.',
    engine: (steps: number, losses: string) => `As perdas do motor nos ${steps} passos: ${losses}.`,
    limits:
      'Em fórmulas: GELU com ERF, LayerNorm com MÉDIA e VARP, os produtos escalares com SOMARPRODUTO ou escritos termo a termo.',
  },
  inputs: {
    editHint: 'As células amarelas são entradas: edite-as e todos os passos se recalculam.',
    constants: 'Constantes',
    learningRate: 'taxa de aprendizado',
    beta1: 'β₁',
    beta2: 'β₂',
    eps: 'ε',
    weightDecay: 'decaimento de peso λ',
    vocab: 'Vocabulário (índice: caractere)',
    params: 'Parâmetros iniciais (nomes do nanoGPT, [saída][entrada])',
    batches: 'Os lotes (índices dos tokens; alvo = o token seguinte)',
    inputsTitle: 'entradas',
    targetsTitle: 'alvos (o token seguinte)',
    row: (b: number) => `linha ${b + 1}`,
  },
  step: {
    params: 'Parâmetros usados neste passo',
    embedding: 'Embedding: wte[token] + wpe[t]',
    block: (i: number) => `Bloco ${i}`,
    attention: (i: number, b: number, h: number) => `Bloco ${i}, atenção da linha ${b + 1}, cabeça ${h + 1}`,
    mlp: (i: number) => `Bloco ${i}, MLP`,
    lnf: 'LayerNorm final',
    head: 'Logits (cabeça ligada a wte), softmax, −ln p',
    loss: 'perda',
    query: (t: number) => `consulta t${t + 1}`,
    position: (b: number, t: number) => `b${b + 1} t${t + 1}`,
    backward: 'Retropropagação',
    backBlock: (i: number) => `Retropropagação, bloco ${i}`,
    backAttention: (i: number, b: number, h: number) =>
      `Retropropagação, bloco ${i}, atenção da linha ${b + 1}, cabeça ${h + 1}`,
    update: 'Atualização',
    param: (name: string) => `Atualização de ${name}`,
    adamStep: 'Adam',
  },
};

import { type LmMessages, lmFormulaHints } from './lm-en';

export const lmPtBR: LmMessages = {
  inputs: {
    defaultTitle: 'Um modelo de linguagem treinado na unha',
    editHint:
      'As células amarelas são entradas: mude a taxa de aprendizado, um parâmetro inicial ou um exemplo e a aba Treino recalcula todos os passos.',
    weightDecay: 'Decaimento dos pesos λ',
    weightDecayMeaning: 'o AdamW puxa E e os pesos W para 0 a cada passo: p ← p − LR·λ·p (nunca os vieses)',
    coupledDecayMeaning:
      'o weight_decay do PyTorch: λ·p é somado ao gradiente de E e dos W (nunca dos vieses), puxando-os para 0',
    warmup: 'Passos de aquecimento',
    warmupMeaning: 'a taxa cresce em linha reta nesses passos: LR·t/(aquecimento + 1) no passo t',
    decaySteps: 'O decaimento termina no passo',
    decayStepsMeaning:
      'depois do aquecimento a taxa cai ao longo de um cosseno até min_lr neste passo (nanoGPT)',
    minLr: 'Taxa mínima',
    minLrMeaning: 'onde o cosseno termina (LR/10 se o experimento não disser)',
    vocab: 'Vocabulário',
    vocabNote: (v) =>
      `${v} caracteres: "." (índice 0) marca onde uma palavra começa e termina, depois os caracteres das palavras em ordem.`,
    index: 'Índice',
    char: 'Caractere',
    embedding: (v, d, bigram) =>
      bigram
        ? `E (${v} × ${v}): o bigrama neural. A linha do caractere atual traz os ${v} logits do próximo.`
        : `E (${v} × ${d}): a tabela de embeddings. Cada caractere é uma linha de ${d} números; as linhas do contexto, lado a lado, alimentam a camada 1.`,
    layer: (l, units, inputs, act) =>
      `Camada ${l}: ${units} neurônio(s) × ${inputs} entrada(s), ativação ${act}. Uma linha por neurônio: seus pesos, depois seu viés.`,
    activationName: { identity: 'identidade (logits)', relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoide' },
    examples: 'Exemplos de treino',
    examplesNote: (c) =>
      `Cada palavra dá um exemplo por caractere e um para o seu fim: os ${c} caractere(s) antes dele (o contexto, "." antes do início) e o caractere a prever.`,
    example: 'Exemplo',
    word: 'Palavra',
    context: 'Contexto',
    target: 'Próximo',
    heldOut: (n) => `${n} palavra(s) separada(s) para validação não estão nesta planilha.`,
  },
  groups: {
    id: 'Onde',
    params: 'Parâmetros usados',
    context: 'Contexto e alvo',
    embedding: 'Consulta ao embedding',
    forward: 'Camadas ocultas',
    logits: 'Logits',
    softmax: 'Softmax',
    loss: 'Entropia cruzada',
    backward: 'Retropropagação (regra da cadeia)',
    grads: 'Gradientes',
    optimizer: 'Estado do otimizador',
    update: 'Parâmetros atualizados',
  },
  cols: { step: 'Passo', example: 'Exemplo', target: 'y', lr: 'LR', newParam: (p) => `${p} novo` },
  hints: {
    ...lmFormulaHints,
    previous: 'do passo anterior',
    contextIndex: 'índice (Entradas)',
    targetIndex: 'índice a prever',
    weightedSum: 'Σ W·entrada + b',
    activation: { relu: 'max(0, z)', tanh: 'tanh(z)', sigmoid: '1/(1 + e^−z)' },
    derivative: { relu: '1 se z > 0, senão 0', tanh: '1 − a²', sigmoid: 'a·(1 − a)' },
    loss: 'média de −ln p[y]',
    dhidden: 'Σ W·∂L/∂z da camada seguinte',
    dEmbedding: 'Σ W1·∂L/∂z1',
    scheduledLr: 'aquecimento, depois cosseno',
    gradE: 'Σ ∂L/∂E[c] em cada uso da linha',
    gradW: 'Σ ∂L/∂z · entrada',
  },
  readme: {
    intro: [
      'Um modelo de linguagem de caracteres, treinado passo a passo em fórmulas vivas. Os números que aparecem primeiro foram calculados pelo motor do LLM na Unha; a planilha recalcula todos eles ao abrir.',
      'Abas: "Entradas" tem o que você pode mudar (taxa de aprendizado, vocabulário, parâmetros iniciais, os exemplos de treino); "Treino" tem um bloco de linhas por passo, uma linha por exemplo do seu lote, cada célula uma fórmula sobre as células de que depende.',
    ],
    columns: [
      'Passo / Exemplo: qual passo do otimizador é o bloco e qual exemplo de treino cada linha usa.',
      'Parâmetros usados: a tabela de embeddings E e os pesos com que o passo começa (o passo 1 lê das Entradas, os outros do bloco anterior).',
      'Contexto e alvo: os índices dos caracteres do contexto e do caractere a prever.',
      'Consulta ao embedding: a linha de E de cada caractere do contexto (ÍNDICE/INDEX), lado a lado. No bigrama neural essa linha já são os logits.',
      'Camadas ocultas e logits: z = Σ W·entrada + b e a ativação, como nas lições de regressão; a última camada dá um logit por caractere.',
      'Softmax: subtrai-se o maior logit (para o EXP nunca estourar), depois e = EXP(z − max), a soma deles e p = e / Σ e.',
      'Entropia cruzada: −LN(p) do caractere certo e a perda do passo, a média deles no lote. A cor vai do verde (pequena) ao vermelho (grande).',
      'Retropropagação: ∂L/∂logit = (p − 1 para o caractere certo, p para os outros) / B, depois pelas camadas até as linhas de E consultadas.',
      'Gradientes: ∂L/∂W = Σ ∂L/∂z · entrada no lote; o gradiente de uma linha de E soma cada uso dessa linha (SOMASE/SUMIF nas colunas do contexto): um caractere visto duas vezes recebe as duas contribuições.',
      'Estado do otimizador e parâmetros atualizados: p ← p − LR·∂L/∂p na descida do gradiente simples (Adam: m, v, m̂, v̂); o próximo bloco começa deles.',
    ],
    tryLines: (lr) => [
      `Mude a taxa de aprendizado (célula ${lr}, com o nome learning_rate) e olhe a coluna da perda: grande demais e ela pula, pequena e ela cai devagar.`,
      'Mude uma linha de E ou um peso nas Entradas: todos os passos recalculam.',
      'Células com nome: learning_rate, losses (uma perda por passo), final_loss (a do último passo), final_E, final_W1, final_b1, … (os parâmetros depois do último passo).',
      'A perda de um modelo que não sabe nada é ln V (todo caractere igualmente provável): compare os primeiros passos com ela.',
    ],
    heldOut: (n) =>
      `${n} palavra(s) ficaram de fora para validação: o treino usa as outras palavras, como o motor fez.`,
    diverged: (step) =>
      `O motor parou no passo ${step} porque a perda explodiu; a planilha traz os passos antes dele.`,
    schedule:
      'Agenda da taxa de aprendizado (nanoGPT): a coluna LR dá a cada passo a sua taxa, subindo durante warmup_steps e depois caindo ao longo de um cosseno até min_lr em decay_steps; as atualizações usam ela no lugar de learning_rate.',
    decay:
      'O decaimento dos pesos puxa E e os W para 0 (nunca os vieses): o AdamW os multiplica por (1 − LR·λ) antes do seu passo; sgd e Adam somam λ·p ao gradiente.',
  },
  tooLarge: (e) => {
    const n = (x: number): string => x.toLocaleString('pt-BR');
    const what = {
      cells: 'células com fórmula',
      rows: 'linhas',
      columns: 'colunas',
      examples: 'exemplos de treino',
    }[e.quantity];
    const head = `A planilha ficaria grande demais para continuar usável: ${what} ${n(e.value)} (o limite é ${n(e.limit)}).`;
    if (e.quantity === 'examples')
      return `${head} Cada exemplo de treino é uma linha das Entradas: treine com menos palavras (cabem cerca das primeiras ${n(e.maxWords ?? 0)}): uma lista mais curta em data.words ou data.file.`;
    if (e.quantity === 'columns')
      return `${head} As colunas crescem com os ${n(e.params ?? 0)} parâmetros do modelo e com o vocabulário, não com os passos: use menos neurônios ou um embedding menor, ou palavras com menos caracteres distintos.`;
    return e.maxSteps
      ? `${head} Cabem no máximo ${n(e.maxSteps)} passo(s): ponha "steps" em ${e.maxSteps} (ou um lote menor, --batch-size).`
      : `${head} Nem um passo cabe: use um lote menor, menos neurônios ou menos caracteres distintos.`;
  },
};

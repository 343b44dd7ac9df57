import type { SheetMessages } from './en';
import { formulaHints } from './formulas';

export const ptBR: SheetMessages = {
  sheets: { readme: 'Leia-me', inputs: 'Entradas', training: 'Treino', explain: 'Época 1 explicada' },
  inputs: {
    defaultTitle: 'Treino de uma rede neural, na unha',
    editHint:
      'As células amarelas são entradas: mude qualquer uma e a aba Treino recalcula o treino inteiro.',
    constants: 'Constantes',
    learningRate: 'Taxa de aprendizado (LR)',
    momentum: 'Momento μ',
    beta1: 'Adam β1',
    beta2: 'Adam β2',
    eps: 'Adam ε',
    l2: 'Penalidade L2 λ',
    name: 'Nome',
    value: 'Valor',
    meaning: 'Para que serve',
    learningRateMeaning: 'tamanho de cada passo contra o gradiente: p ← p − LR·∂L/∂p',
    momentumMeaning: 'quanto do passo anterior é mantido: v ← μ·v + ∂L/∂p',
    beta1Meaning: 'memória da média dos gradientes m',
    beta2Meaning: 'memória da média dos gradientes ao quadrado v',
    epsMeaning: 'evita divisão por zero',
    l2Meaning: 'soma λ·ΣW² à perda: puxa os pesos para 0',
    params: 'Parâmetros iniciais',
    layer: (l, units, inputs, act) =>
      `Camada ${l}: ${units} neurônio(s) × ${inputs} entrada(s), ativação ${act}. Uma linha por neurônio: seus pesos, depois seu viés.`,
    activationName: { identity: 'identidade', relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoide' },
    unit: (j) => `neurônio ${j}`,
    data: 'Dados de treino',
    row: 'Linha',
    normalized: (name) => `${name} normalizado`,
    mean: 'média',
    std: 'desvio padrão',
    heldOut: (n) => `${n} linha(s) separada(s) para validação não estão nesta planilha.`,
  },
  groups: {
    id: 'Onde',
    params: 'Parâmetros usados',
    input: 'Entrada',
    forward: 'Passo para frente (forward pass)',
    error: 'Erro',
    loss: 'Perda (loss)',
    backward: 'Retropropagação (regra da cadeia)',
    grads: 'Gradientes',
    optimizer: 'Estado do otimizador',
    update: 'Parâmetros atualizados',
  },
  cols: {
    epoch: 'Época',
    step: 'Passo',
    example: 'Exemplo',
    epochLoss: 'Perda da época',
    mask: 'máscara',
    newParam: (p) => `${p} novo`,
  },
  hints: {
    ...formulaHints,
    previous: 'da atualização anterior',
    initial: 'das Entradas',
    data: 'dado (Entradas)',
    target: 'resposta certa',
    mask: (p) => `sorteio: 0 ou 1/(1 − ${String(p).replace('.', ',')})`,
    dropped: 'a·máscara',
    droppedBack: '∂L/∂d · máscara',
    weightedSum: 'Σ W·entrada + b',
    err: 'ŷ − y',
    sq: '(ŷ − y)²',
    mse: 'média de e²',
    l2: 'λ·ΣW²',
    loss: 'média de e²',
    lossL2: 'MSE + L2',
    epochLoss: 'média das perdas dos passos',
    dyhat: (count) => (count === '1' ? '2·e' : `2·e/${count}`),
    dhidden: 'Σ W·∂L/∂z da camada seguinte',
    gradW: 'Σ ∂L/∂z · entrada',
    activation: { relu: 'max(0, z)', tanh: 'tanh(z)', sigmoid: '1/(1 + e^−z)' },
    derivative: { relu: '1 se z > 0, senão 0', tanh: '1 − a²', sigmoid: 'a·(1 − a)' },
  },
  readme: {
    title: 'Como ler esta planilha',
    intro: [
      'Cada número do treino é uma fórmula viva. Os números que aparecem primeiro foram calculados pelo motor do LLM na Unha; a planilha recalcula todos eles ao abrir.',
      'Abas: "Entradas" tem o que você pode mudar (dados, parâmetros iniciais, taxa de aprendizado); "Treino" tem um bloco de linhas por época, cada célula uma fórmula sobre as células de que depende; "Época 1 explicada" conta a primeira época em palavras.',
    ],
    columnsTitle: 'As colunas de "Treino", da esquerda para a direita',
    columns: [
      'Época / Exemplo: qual época é o bloco e qual linha dos dados cada linha usa (uma linha por exemplo).',
      'Parâmetros usados: os pesos e vieses com que a época começa (a primeira lê das Entradas, as outras do bloco anterior).',
      'Entrada e passo para frente: as entradas x e, para cada camada, a soma ponderada z = Σ W·entrada + b e a ativação a; a última é a previsão ŷ.',
      'Erro: y é a resposta certa, e = ŷ − y e e² o seu quadrado.',
      'Perda: a média de e² sobre os exemplos (mais λ·ΣW² com L2). A cor vai do verde (pequena) ao vermelho (grande): convergência e divergência num relance.',
      'Retropropagação: ∂L/∂ŷ = 2·e/N (a derivada da média de e²) e, para cada camada, da última para a primeira, ∂L/∂a, a derivada da ativação ∂a/∂z e o produto delas ∂L/∂z (a regra da cadeia, um fator por coluna).',
      'Gradientes: ∂L/∂W = Σ nos exemplos de ∂L/∂z · entrada, ∂L/∂b = Σ ∂L/∂z.',
      'Estado do otimizador e parâmetros atualizados: os novos valores, p ← p − LR·∂L/∂p na descida do gradiente simples; o próximo bloco começa deles.',
    ],
    tryTitle: 'Experimente',
    tryLines: (lr, inputs) => [
      `Mude a taxa de aprendizado (célula ${lr}, com o nome learning_rate) e olhe a coluna da perda: grande demais e ela oscila ou explode, pequena o bastante e converge.`,
      `Mude um peso inicial ou um dado em ${inputs}: o treino inteiro recalcula.`,
      'Células com nome: learning_rate, final_loss (a perda da última época), losses (a coluna da perda), final_W1, final_b1, ... (os parâmetros treinados).',
    ],
    notesTitle: 'Notas',
    normalized:
      'As entradas são normalizadas (z-score): cada coluna menos a sua média, dividida pelo seu desvio padrão, calculados nas Entradas.',
    l2: 'Penalidade L2: a perda soma λ·ΣW² (só os pesos) e cada gradiente de peso soma 2λW.',
    dropout:
      'Dropout: no treino cada valor oculto é multiplicado por uma máscara que o motor sorteou (0, ou 1/(1 − p) para manter a média); as máscaras são números, não fórmulas, e a volta multiplica pela mesma máscara.',
    pages: (first, more) =>
      `A rede tem parâmetros demais para uma aba só: "${first}" traz a conta de cada exemplo e a perda; os parâmetros usados, seus gradientes, o estado do otimizador e os novos valores continuam, nas mesmas linhas, em ${more.map((m) => `"${m}"`).join(', ')}.`,
    miniBatches:
      'Mini-lotes: cada bloco é uma atualização (um passo) sobre parte dos exemplos; a perda da época é a média dos seus passos.',
    heldOut: (n) =>
      `${n} exemplo(s) ficaram de fora para validação: o treino usa as outras linhas, como o motor fez.`,
    diverged: (epoch) =>
      `O motor parou na época ${epoch} porque a perda explodiu; os blocos seguintes têm fórmulas, mas não números pré-calculados.`,
    divergedDrawn: (epoch, complete) =>
      `O motor parou na época ${epoch} porque a perda explodiu. Com embaralhamento ou dropout os sorteios dessa época não chegaram ao fim, então a planilha traz só as ${complete} época(s) completas antes dela.`,
    noEpochs: (epoch) =>
      `O treino divergiu na época ${epoch} antes de completá-la: não há época completa para mostrar. A aba Leia-me diz por quê e o que tentar.`,
    noCache:
      'Se não aparecer nenhum número, peça para a planilha recalcular (LibreOffice: Dados ▸ Calcular ▸ Recálculo incondicional).',
    names:
      'Rótulos: W2[1,3] é o peso da entrada 3 para o neurônio 1 da camada 2; b2[1] é o viés desse neurônio.',
    closing: '"É POSSÍVEL fazer Data Science no Excel!" (da conversa que deu origem a este projeto)',
  },
  explain: {
    title: 'Época 1, passo a passo',
    missing: 'A explicação em palavras não está disponível para esta execução.',
  },
  errors: (e) =>
    e.code === 'sheet_too_large'
      ? `A planilha ficaria grande demais para continuar usável: ${e.quantity === 'cells' ? 'células com fórmula' : e.quantity === 'rows' ? 'linhas' : 'colunas'} ${e.value.toLocaleString('pt-BR')} (o limite é ${e.limit.toLocaleString('pt-BR')}). ${
          e.quantity === 'columns'
            ? 'As colunas não dependem das épocas: use menos neurônios nas camadas (--layers).'
            : e.maxEpochs
              ? `Cabem no máximo ${e.maxEpochs.toLocaleString('pt-BR')} época(s): --epochs ${e.maxEpochs}.`
              : 'Nem uma época cabe: use menos exemplos ou menos neurônios.'
        }`
      : `A planilha ainda não suporta ${e.feature}: exporte a execução sem isso.`,
};

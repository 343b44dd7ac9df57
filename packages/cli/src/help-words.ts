import { LM_HELP_PT } from './commands/lm-words';
import { GPT_HELP_PT } from './gpt/words';
import { INSPECT_HELP_PT } from './commands/inspect-words';

/**
 * The help of every flag in pt-BR, keyed by its English text (the text the commands register with
 * commander). `unha <command> --help` in pt-BR shows these; a flag added without its line here shows
 * in English, and the test of the help (help.test.ts) names it.
 */
export const HELP_PT: Record<string, string> = {
  'pt-BR or en (default: from LANG)': 'pt-BR ou en (padrão: de LANG)',
  'print the list as JSON': 'mostra a lista em JSON',
  'learning rate (optimizer.lr), e.g. 0.01 or 0,01':
    'taxa de aprendizado (optimizer.lr), por exemplo 0.01 ou 0,01',
  'number of epochs': 'número de épocas',
  'sgd or adam (language models: also adamw)': 'sgd ou adam (modelos de linguagem: também adamw)',
  'sgd momentum (optimizer.momentum): v ← m·v + g; p ← p − lr·v':
    'momento do sgd (optimizer.momentum): v ← m·v + g; p ← p − lr·v',
  'examples per update (batchSize); default: all of them':
    'exemplos por atualização (batchSize); padrão: todos',
  'reshuffle the examples before each epoch (shuffle)': 'embaralha os exemplos antes de cada época (shuffle)',
  'keep the examples in order': 'mantém os exemplos em ordem',
  'seed for shuffling, dropout masks and the validation split (seed)':
    'semente do embaralhamento, das máscaras de dropout e da separação de validação (seed)',
  'L2 penalty λ·ΣW² over the weights (l2)': 'penalidade L2 λ·ΣW² sobre os pesos (l2)',
  'dropout probability on every hidden layer (layers[].dropout)':
    'probabilidade de dropout em cada camada oculta (layers[].dropout)',
  'z-score the inputs with the training data (normalize)':
    'padroniza as entradas (z-score) com os dados de treino (normalize)',
  'use the inputs as they are': 'usa as entradas como estão',
  'hold out this fraction of the examples (validation), e.g. 0.25':
    'separa esta fração dos exemplos (validation), por exemplo 0.25',
  'the network: UNITS[:ACTIVATION],..., e.g. 4:tanh,1 (last = output)':
    'a rede: NEURÔNIOS[:ATIVAÇÃO],..., por exemplo 4:tanh,1 (a última é a saída)',
  'train on a CSV file (header row; comma or semicolon separated); a language model: a word list, one word per line':
    'treina com um arquivo CSV (linha de cabeçalho; separado por vírgula ou ponto e vírgula); um modelo de linguagem: uma lista de palavras, uma por linha',
  'input columns of --data, e.g. a,b (default: all but the last)':
    'colunas de entrada do --data, por exemplo a,b (padrão: todas menos a última)',
  'target columns of --data, e.g. y (default: the last)':
    'colunas-alvo do --data, por exemplo y (padrão: a última)',
  'digits after the decimal separator, 0 to 15 (default 4)': 'casas depois da vírgula, de 0 a 15 (padrão 4)',
  'show stack traces on errors': 'mostra o rastro da pilha nos erros',
  'print one JSON object: {initial: {params}, normalization?, epochs: [{epoch, loss, valLoss?, params}], diverged?}':
    'mostra um objeto JSON: {initial: {params}, normalization?, epochs: [{epoch, loss, valLoss?, params}], diverged?}',
  'one table row every n epochs': 'uma linha da tabela a cada n épocas',
  'no loss chart at the end': 'sem o gráfico da perda no fim',
  'write the trained model (for unha predict and unha params)':
    'grava o modelo treinado (para unha predict e unha params)',
  'which epoch (default 1)': 'qual época (padrão 1)',
  'which step of the epoch, with mini-batches (default 1)': 'qual passo da época, com mini-lotes (padrão 1)',
  'only this layer (1 = first after the input)': 'só esta camada (1 = a primeira depois da entrada)',
  'only this unit of each layer': 'só este neurônio de cada camada',
  'only this example of the batch': 'só este exemplo do lote',
  // unha explain on a GPT (indices from 0).
  'GPT: the row of the batch (from 0)': 'GPT: a linha do lote (a partir de 0)',
  'GPT: the position in the row (from 0; default the last)':
    'GPT: a posição na linha (a partir de 0; padrão a última)',
  'GPT: the attention head (from 0)': 'GPT: a cabeça de atenção (a partir de 0)',
  'GPT: the parameter whose update is shown (e.g. transformer.h.0.attn.c_attn.weight)':
    'GPT: o parâmetro cuja atualização é mostrada (ex.: transformer.h.0.attn.c_attn.weight)',
  'GPT: the entry of --param (flat, from 0)': 'GPT: a entrada de --param (achatada, a partir de 0)',
  'GPT: an entry of the width-C vectors to work out (from 0)':
    'GPT: uma entrada dos vetores de largura C a detalhar (a partir de 0)',
  // unha sample and explain on a language model (their words live in commands/lm-words.ts).
  ...LM_HELP_PT,
  ...GPT_HELP_PT,
  ...INSPECT_HELP_PT,
  'print the explanation as JSON: sections of lines with text, plain formula, TeX and value':
    'mostra a explicação em JSON: seções de linhas com texto, fórmula simples, TeX e valor',
  'one example: numbers separated by commas (e.g. 5, or 1,2); repeat for more examples':
    'um exemplo: números separados por vírgula (por exemplo 5, ou 1,2); repita para mais exemplos',
  'new examples from a CSV (columns named as in training, or --inputs)':
    'exemplos novos de um CSV (colunas com os nomes do treino, ou --inputs)',
  'input columns of --data, e.g. a,b': 'colunas de entrada do --data, por exemplo a,b',
  'write out this example (default: the first ones)': 'detalha este exemplo (padrão: os primeiros)',
  'print {inputs, normalized?, outputs} as JSON': 'mostra {inputs, normalized?, outputs} em JSON',
  'count this network instead: UNITS[:ACTIVATION],..., e.g. 8:relu,8:relu,1':
    'conta esta rede: NEURÔNIOS[:ATIVAÇÃO],..., por exemplo 8:relu,8:relu,1',
  'the data of a CSV (its input columns set the first layer)':
    'os dados de um CSV (as colunas de entrada definem a primeira camada)',
  'input columns of --data': 'colunas de entrada do --data',
  'target columns of --data': 'colunas-alvo do --data',
  'print the counts as JSON': 'mostra as contagens em JSON',
  'the spreadsheet to write (every cell a formula; LibreOffice or Excel)':
    'a planilha a gravar (cada célula uma fórmula; LibreOffice ou Excel)',
  'do not wait for Enter between parts': 'não espera o Enter entre as partes',
  'language models: number of optimizer steps (steps)':
    'modelos de linguagem: número de passos do otimizador (steps)',
  'language models: the loss on all training and validation examples every n steps':
    'modelos de linguagem: a perda em todos os exemplos de treino e validação a cada n passos',
  'language models: the characters before the next one, e.g. em':
    'modelos de linguagem: os caracteres antes do próximo, por exemplo em',
  'language models: how many of the likeliest characters to show (default 10)':
    'modelos de linguagem: quantos dos caracteres mais prováveis mostrar (padrão 10)',
};

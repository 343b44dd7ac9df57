export * from './format';
export * from './math';
export type { ExplainDoc, ExplainLine, ExplainSection } from './doc';
export { explainEpoch, type ExplainOptions } from './explain';
export { notation, type Notation } from './notation';
export { renderText, lineText, texChain, docToJson, type TextStyle } from './render';
export { renderIssue } from './issues';
export { expectedText } from './locales/issues';
export { messages, type Messages } from './locales/index';
export {
  explainDivergence,
  divergenceText,
  fixFlags,
  type DivergenceExplanation,
  type DivergenceFix,
} from './diverged';
export { explainPrediction, type PredictOptions } from './predict';
export { explainLmStep } from './lm/explain';
export { explainCounts, type CountsExplainOptions } from './lm/counts';
export { explainSample, type SampleExplainOptions } from './lm/sample';
export { lmMessages, type LmExplainOptions } from './lm/context';
export type { LmMessages } from './locales/lm-en';
export type { LmRunView, LmStepView, LmRecordView, SampleStepView } from './lm/input';
export { explainGptStep } from './gpt/explain';
export {
  gptMessages,
  GptExplainRangeError,
  GptExplainParamError,
  type GptExplainOptions,
} from './gpt/context';
export type { GptMessages } from './locales/gpt-en';
export type { GptRunView, GptStepView, GptRecordView } from './gpt/input';
export * from './formats/index';

export type * from './types';
export * from './data';
export {
  LmModel,
  type LmForward,
  type CountTable,
  type ResolvedLayer,
  countTable,
  decays,
  initLmParams,
  lmParamShapes,
  resolveLayers,
} from './model';
export * from './shapes';
export * from './validate';
export * from './train';
export * from './sample';
export * from './model-file';

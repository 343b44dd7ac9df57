export type * from './types';
export * from './data';
export {
  LmModel,
  type LmForward,
  type CountTable,
  countTable,
  initLmParams,
  lmParamShapes,
  lmParamSpecs,
  resolveLayers,
} from './model';
export { LAYER_KINDS, type LayerKind, type ParamSpec, type ResolvedLayer, kindOf, places } from './layers';
export * from './shapes';
export * from './validate';
export * from './train';
export * from './sample';
export * from './model-file';

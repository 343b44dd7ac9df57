export { applyOverrides } from '@unha/engine';
export { loadExperiment, type Loaded } from './load';
export { UserError } from './errors';

export { loadExperiment, applyOverrides, type Loaded } from './load';
export { UserError } from './errors';

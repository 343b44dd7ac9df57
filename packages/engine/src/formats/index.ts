export * from './safetensors';
export * from './weights';
export * from './anatomy';
export * from './dense';
export * from './lm';
export * from './gpt-file';
export * from './pytorch';

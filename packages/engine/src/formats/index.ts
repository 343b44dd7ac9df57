export * from './safetensors';
export * from './weights';

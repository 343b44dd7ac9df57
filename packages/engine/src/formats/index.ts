export * from './safetensors';
export * from './weights';
export * from './anatomy';
export * from './pytorch';

export * from './safetensors';
export * from './weights';
export * from './anatomy';
export * from './dense';
export * from './lm';
export * from './gpt-file';
export { ONNX_FORMAT, ONNX_IR_VERSION, ONNX_OPSET } from './onnx';
export * from './onnx-gpt';
export * from './onnx-nets';

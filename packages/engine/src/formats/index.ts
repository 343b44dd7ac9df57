export * from './safetensors';
export * from './weights';
export * from './anatomy';
export { ONNX_FORMAT, ONNX_IR_VERSION, ONNX_OPSET } from './onnx';
export * from './onnx-gpt';
export * from './onnx-nets';

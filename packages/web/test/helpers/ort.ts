/**
 * onnxruntime-node (a root devDependency), the independent reader of the labs' ONNX downloads:
 * undefined where it is not installed, and then those checks are skipped, except on CI.
 */
export const ort = await import('onnxruntime-node').catch((e: unknown) => {
  if (process.env.CI === 'true') throw e;
  console.warn('\n*** SKIPPING the ONNX download check: onnxruntime-node is not installed (npm ci). ***\n');
  return undefined;
});

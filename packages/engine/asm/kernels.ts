// The float32 kernels of the fast path, compiled to one WebAssembly module (scripts/build-wasm.mjs).
// Every pointer is a byte offset into the shared memory; every array is f32 (tokens are i32).
// Kernels that may run on two threads take (lo, hi) first: the half-open range of the dimension they
// split (rows, columns, or attention's (batch, head) pairs). Each output element is written by exactly
// one thread with the same order of sums, so one thread and two threads give the same bits.
export * from './matmul';
export * from './attention';
export * from './nn';
export * from './optim';

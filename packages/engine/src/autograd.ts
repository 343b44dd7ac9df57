import { Tensor } from './tensor';

/** Every tensor that `root` depends on, inputs before the tensors computed from them. */
export function topoSort(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative depth-first search: a deep graph (a long chain of layers) must not overflow the stack.
  const stack: { t: Tensor; i: number }[] = [{ t: root, i: 0 }];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i < top.t.inputs.length) {
      const child = top.t.inputs[top.i++];
      if (!seen.has(child)) {
        seen.add(child);
        stack.push({ t: child, i: 0 });
      }
    } else {
      order.push(top.t);
      stack.pop();
    }
  }
  return order;
}

/**
 * Reverse-mode differentiation: seeds ∂root/∂root = 1 and walks the graph backwards, each op adding
 * its share of the chain rule into its inputs' gradients.
 *
 * Gradients ADD UP (`+=`): a value used twice gets both contributions. That is also why parameters'
 * gradients must be zeroed before each step (zeroGrad), or the previous step's gradient leaks in.
 */
export function backward(root: Tensor): Tensor[] {
  if (root.size !== 1)
    throw new Error(`backward: the root '${root.label}' must hold one number, not ${root.size}`);
  const order = topoSort(root);
  root.gradBuffer()[0] += 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    if (t.backwardFn && t.grad) t.backwardFn();
  }
  return order;
}

/** Forget accumulated gradients, explicitly, before the next backward pass. */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) p.grad = null;
}

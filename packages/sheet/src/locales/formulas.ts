/** Formula hints written in mathematical notation: the same in every language. */
export const formulaHints = {
  delta: '∂L/∂a · ∂a/∂z',
  gradB: 'Σ ∂L/∂z',
  l2Term: ' + 2λW',
  sgd: 'p − LR·∂L/∂p',
  velocity: 'μ·v + ∂L/∂p',
  sgdMomentum: 'p − LR·v',
  adamM: 'β1·m + (1 − β1)·g',
  adamV: 'β2·v + (1 − β2)·g²',
  adamMHat: 'm / (1 − β1ᵗ)',
  adamVHat: 'v / (1 − β2ᵗ)',
  adam: 'p − LR·m̂/(√v̂ + ε)',
} as const;

export interface SoftmaxRegressionOptions {
  /** L2 penalty on the weights (not the bias); default 1e-3. */
  l2?: number;
  /** Full-batch gradient steps; default 150. */
  iterations?: number;
  /** Step size; default 0.5 (features should be standardised). */
  learningRate?: number;
}

/**
 * Multinomial logistic regression (softmax) by full-batch gradient descent on the mean cross-entropy
 * + l2/2·‖W‖², for the active-learning simulation: small, deterministic (zero start), typed arrays.
 * `X` is n × dim row-major; only `rows` are used, with classes `y[row]` in 0..k-1. Returns the
 * weights as k × (dim + 1) (bias last).
 */
export function fitSoftmax(
  X: Float32Array,
  dim: number,
  rows: ArrayLike<number>,
  y: Int32Array,
  k: number,
  options: SoftmaxRegressionOptions = {},
): Float64Array {
  const l2 = options.l2 ?? 1e-3;
  const steps = options.iterations ?? 150;
  const lr = options.learningRate ?? 0.5;
  const stride = dim + 1;
  const W = new Float64Array(k * stride);
  const grad = new Float64Array(k * stride);
  const p = new Float64Array(k);
  const m = rows.length;
  if (m === 0) return W;
  for (let step = 0; step < steps; step++) {
    grad.fill(0);
    for (let r = 0; r < m; r++) {
      const i = rows[r]!;
      scores(W, X, i, dim, k, p);
      p[y[i]!]! -= 1;
      const o = i * dim;
      for (let c = 0; c < k; c++) {
        const g = p[c]!;
        if (g === 0) continue;
        const w = c * stride;
        for (let j = 0; j < dim; j++) grad[w + j]! += g * X[o + j]!;
        grad[w + dim]! += g;
      }
    }
    for (let c = 0; c < k; c++)
      for (let j = 0; j < stride; j++) {
        const at = c * stride + j;
        W[at]! -= lr * (grad[at]! / m + (j < dim ? l2 * W[at]! : 0));
      }
  }
  return W;
}

/** Class probabilities of row i into `out` (length k). */
function scores(
  W: Float64Array,
  X: Float32Array,
  i: number,
  dim: number,
  k: number,
  out: Float64Array,
): void {
  const stride = dim + 1;
  const o = i * dim;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    let s = W[c * stride + dim]!;
    for (let j = 0; j < dim; j++) s += W[c * stride + j]! * X[o + j]!;
    out[c] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < k; c++) out[c]! /= sum;
}

/** Probabilities of every row (n × k). */
export function predictSoftmax(W: Float64Array, X: Float32Array, dim: number, k: number): Float64Array {
  const n = X.length / dim;
  const out = new Float64Array(n * k);
  const p = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    scores(W, X, i, dim, k, p);
    out.set(p, i * k);
  }
  return out;
}

/** Features scaled to zero mean and unit variance per column (constant columns become 0). */
export function standardise(X: Float32Array, dim: number): Float32Array {
  const n = X.length / dim;
  const out = new Float32Array(X.length);
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X[i * dim + j]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (X[i * dim + j]! - mean) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) out[i * dim + j] = sd > 0 ? (X[i * dim + j]! - mean) / sd : 0;
  }
  return out;
}

/**
 * Inequality of non-negative amounts, here the support time marketing gives each salesperson: the Gini
 * coefficient (0 = everyone gets the same, → 1 = one person gets everything) and the Lorenz curve it
 * summarises.
 */

function assertNonNegative(values: readonly number[]): void {
  for (const value of values) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`values must be finite and non-negative, got ${value}`);
  }
}

/**
 * G = Σ_i (2i − n − 1)·x_(i) / (n·Σx) over the ascending values x_(1) ≤ … ≤ x_(n): the mean absolute
 * difference Σ_i Σ_j |x_i − x_j| / (2n²·x̄) rewritten for sorted values, without the small-sample
 * factor n/(n − 1), so its maximum for n values is (n − 1)/n. Everyone at zero counts as perfectly equal
 * (0); null for no values.
 */
export function gini(values: readonly number[]): number | null {
  assertNonNegative(values);
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  sorted.forEach((value, index) => {
    total += value;
    weighted += (2 * (index + 1) - n - 1) * value;
  });
  return total === 0 ? 0 : weighted / (n * total);
}

export interface LorenzPoint {
  /** Share (0–1) of people, poorest first. */
  readonly population: number;
  /** Share (0–1) of the total they hold together. */
  readonly amount: number;
}

/**
 * The Lorenz curve: (i/n, Σ_{j≤i} x_(j) / Σx) for i = 0…n over the ascending values, starting at (0, 0)
 * and ending at (1, 1). The Gini above is twice the area between it and the diagonal. When the total is
 * zero the curve is the diagonal (perfect equality), matching gini() = 0. Empty for no values.
 */
export function lorenzCurve(values: readonly number[]): LorenzPoint[] {
  assertNonNegative(values);
  const n = values.length;
  if (n === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const points: LorenzPoint[] = [{ population: 0, amount: 0 }];
  let cumulative = 0;
  sorted.forEach((value, index) => {
    cumulative += value;
    points.push({ population: (index + 1) / n, amount: total === 0 ? (index + 1) / n : cumulative / total });
  });
  return points;
}

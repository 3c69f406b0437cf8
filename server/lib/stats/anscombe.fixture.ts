/**
 * Test data: Anscombe's quartet (F. J. Anscombe, "Graphs in Statistical Analysis", The American
 * Statistician 27(1), 1973, 17–21, Table 1). The paper reports for each set: mean of x 9.0, mean of y
 * 7.5, regression line y = 3 + 0.5x, correlation 0.82, and the same regression summary.
 */
export interface AnscombeSet {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

const x123 = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];

export const ANSCOMBE: readonly AnscombeSet[] = [
  { x: x123, y: [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68] },
  { x: x123, y: [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74] },
  { x: x123, y: [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73] },
  { x: [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8], y: [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89] },
];

/**
 * Exact values of each set, computed independently with Python's fractions.Fraction (exact rational
 * sums of the decimal data) and converted to double at the end: r, slope, intercept, R², residual
 * standard error, adjusted R², sample variance of y; Spearman's ρ from scipy.stats.spearmanr 1.17.1.
 */
export const ANSCOMBE_EXACT = [
  {
    r: 0.8164205163448399,
    slope: 0.5000909090909091,
    intercept: 3.000090909090909,
    r2: 0.6665424595087749,
    rse: 1.2366033227263211,
    adjustedR2: 0.6294916216764166,
    varianceY: 4.127269090909091,
    spearman: 0.8181818181818182,
  },
  {
    r: 0.8162365060002428,
    slope: 0.5,
    intercept: 3.000909090909091,
    r2: 0.6662420337274844,
    rse: 1.2372142053415771,
    adjustedR2: 0.6291578152527604,
    varianceY: 4.127629090909091,
    spearman: 0.690909090909091,
  },
  {
    r: 0.8162867394895983,
    slope: 0.49972727272727274,
    intercept: 3.0024545454545453,
    r2: 0.6663240410665592,
    rse: 1.2363113513899957,
    adjustedR2: 0.629248934518399,
    varianceY: 4.12262,
    spearman: 0.990909090909091,
  },
  {
    r: 0.8165214368885029,
    slope: 0.4999090909090909,
    intercept: 3.0017272727272726,
    r2: 0.6667072568984653,
    rse: 1.2356954856813767,
    adjustedR2: 0.6296747298871836,
    varianceY: 4.123249090909091,
    spearman: 0.5,
  },
] as const;

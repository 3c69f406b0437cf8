/**
 * Student's t distribution for real (non-integer) degrees of freedom, as the Welch interval needs.
 * The CDF is exact up to rounding: the regularized incomplete beta function, evaluated by its continued
 * fraction (Numerical Recipes, 3rd ed., §6.4). The quantile inverts that CDF by a safeguarded Newton
 * iteration, so its accuracy is the CDF's (about 1e-13 relative), not that of an approximation formula.
 */

/** P(T ≤ t) for T ~ t(degreesOfFreedom). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  assertDegreesOfFreedom(degreesOfFreedom);
  if (Number.isNaN(t)) return Number.NaN;
  return t >= 0 ? 1 - upperTail(t, degreesOfFreedom) : upperTail(-t, degreesOfFreedom);
}

/** The t with P(T ≤ t) = p for T ~ t(degreesOfFreedom), 0 < p < 1. */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  assertDegreesOfFreedom(degreesOfFreedom);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be strictly between 0 and 1, got ${p}`);
  if (p === 0.5) return 0;
  // Solve for the upper-tail area directly: computing 1 − p near 1 would lose the digits that matter.
  const tail = p < 0.5 ? p : 1 - p;
  const t = positiveQuantileOfUpperTail(tail, degreesOfFreedom);
  return p < 0.5 ? -t : t;
}

function assertDegreesOfFreedom(degreesOfFreedom: number): void {
  if (!(degreesOfFreedom > 0 && Number.isFinite(degreesOfFreedom))) {
    throw new RangeError(`degrees of freedom must be positive and finite, got ${degreesOfFreedom}`);
  }
}

/** P(T > t) for t ≥ 0: ½ · I_x(ν/2, ½) with x = ν/(ν + t²). */
function upperTail(t: number, df: number): number {
  const tSquared = t * t;
  const x = df / (df + tSquared);
  const oneMinusX = tSquared / (df + tSquared);
  return 0.5 * regularizedIncompleteBeta(x, oneMinusX, df / 2, 0.5);
}

function density(t: number, df: number): number {
  return Math.exp(-logBeta(df / 2, 0.5) - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

function positiveQuantileOfUpperTail(tail: number, df: number): number {
  // Closed forms for ν = 1 (Cauchy) and ν = 2.
  if (df === 1) return 1 / Math.tan(Math.PI * tail);
  if (df === 2) return (1 - 2 * tail) / Math.sqrt(2 * tail * (1 - tail));

  // Bracket the root: the upper tail falls from ½ at t = 0 towards 0.
  let low = 0;
  let high = Math.max(1, cornishFisherStart(tail, df));
  while (upperTail(high, df) > tail) {
    low = high;
    high *= 2;
  }
  let t = Math.min(Math.max(cornishFisherStart(tail, df), low), high);
  for (let iteration = 0; iteration < 200; iteration++) {
    const excess = upperTail(t, df) - tail;
    if (excess === 0) return t;
    if (excess > 0) low = t;
    else high = t;
    let next = t + excess / density(t, df);
    // Newton can leave the bracket far out in a heavy tail; bisection then keeps progress guaranteed.
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, next)) return next;
    t = next;
  }
  return t;
}

/** A good starting point: the normal quantile corrected by the first two Cornish–Fisher terms. */
function cornishFisherStart(tail: number, df: number): number {
  const z = normalUpperQuantile(tail);
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/**
 * The z with P(Z > z) = tail, by Acklam's rational approximation (relative error below 1.2e-9); only a
 * starting value, the Newton iteration does the rest.
 */
function normalUpperQuantile(tail: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const p = tail;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return -(
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return -(
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** I_x(a, b); `oneMinusX` is passed separately because forming 1 − x would lose digits when x is near 1. */
function regularizedIncompleteBeta(x: number, oneMinusX: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(oneMinusX) - logBeta(a, b));
  // The continued fraction converges fast only below this point; above it, use I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(oneMinusX, b, a)) / b;
}

/** Modified Lentz evaluation of the incomplete beta continued fraction. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (value: number) => (Math.abs(value) < tiny ? tiny : value);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let result = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    result *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    result *= step;
    if (Math.abs(step - 1) < 1e-15) return result;
  }
  throw new Error(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * ln B(a, b). For large arguments the naive lnΓ(a) + lnΓ(b) − lnΓ(a+b) cancels catastrophically
 * (Welch degrees of freedom can be in the tens of thousands), so the Stirling parts are combined
 * analytically and only the small correction terms are subtracted (as in R's lbeta).
 */
function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  const sum = a + b;
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  if (small >= 10) {
    const correction = stirlingCorrection(small) + stirlingCorrection(large) - stirlingCorrection(sum);
    return (
      -0.5 * Math.log(large) + halfLog2Pi + correction + (small - 0.5) * Math.log(small / sum) + large * Math.log1p(-small / sum)
    );
  }
  if (large >= 10) {
    const correction = stirlingCorrection(large) - stirlingCorrection(sum);
    return logGamma(small) + correction + small - small * Math.log(sum) + (large - 0.5) * Math.log1p(-small / sum);
  }
  return logGamma(small) + logGamma(large) - logGamma(sum);
}

/** lnΓ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10, by the Stirling series (error below 1e-16). */
function stirlingCorrection(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  return (
    inverse *
    (1 / 12 +
      inverseSquared *
        (-1 / 360 +
          inverseSquared *
            (1 / 1260 + inverseSquared * (-1 / 1680 + inverseSquared * (1 / 1188 - inverseSquared * (691 / 360360))))))
  );
}

/** lnΓ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error about 1e-15). */
function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let series = coefficients[0]!;
  for (let i = 1; i < coefficients.length; i++) series += coefficients[i]! / (shifted + i);
  const base = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(base) - base + Math.log(series);
}

/**
 * Small dense matrices (a handful of drivers, never hundreds) as arrays of rows. Straightforward
 * algorithms are enough at this size and easy to check; numerical care goes where it matters:
 * partial pivoting in the inverse, Jacobi rotations for symmetric eigenproblems.
 */

export type Vector = readonly number[];
export type Matrix = readonly (readonly number[])[];

export function identity(size: number): number[][] {
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)));
}

export function transpose(a: Matrix): number[][] {
  const columns = a[0]?.length ?? 0;
  return Array.from({ length: columns }, (_, j) => a.map((row) => row[j]!));
}

/** (AB)_ij = Σ_k A_ik B_kj. */
export function multiply(a: Matrix, b: Matrix): number[][] {
  const inner = b.length;
  if ((a[0]?.length ?? 0) !== inner) throw new RangeError('matrix sizes do not match for multiplication');
  const columns = b[0]?.length ?? 0;
  return a.map((row) =>
    Array.from({ length: columns }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += row[k]! * b[k]![j]!;
      return sum;
    }),
  );
}

/** (Av)_i = Σ_k A_ik v_k. */
export function multiplyVector(a: Matrix, v: Vector): number[] {
  return a.map((row) => {
    if (row.length !== v.length) throw new RangeError('matrix and vector sizes do not match');
    let sum = 0;
    for (let k = 0; k < v.length; k++) sum += row[k]! * v[k]!;
    return sum;
  });
}

function assertSquare(a: Matrix): number {
  const size = a.length;
  if (a.some((row) => row.length !== size)) throw new RangeError('matrix must be square');
  return size;
}

/**
 * Inverse by Gauss–Jordan elimination on [A | I] with partial pivoting (the largest remaining pivot in
 * each column, which keeps rounding errors from growing). Throws when a pivot is negligible relative to
 * the matrix's size, i.e. when A is singular for practical purposes.
 */
export function inverse(a: Matrix): number[][] {
  const size = assertSquare(a);
  const work = a.map((row, i) => [...row, ...identity(size)[i]!]);
  const scale = Math.max(...a.flat().map(Math.abs), 0);
  const tolerance = scale * size * Number.EPSILON * 16;
  for (let column = 0; column < size; column++) {
    let pivotRow = column;
    for (let row = column + 1; row < size; row++) {
      if (Math.abs(work[row]![column]!) > Math.abs(work[pivotRow]![column]!)) pivotRow = row;
    }
    const pivot = work[pivotRow]![column]!;
    if (!(Math.abs(pivot) > tolerance)) throw new RangeError('matrix is singular');
    [work[column], work[pivotRow]] = [work[pivotRow]!, work[column]!];
    const pivotLine = work[column]!;
    for (let j = 0; j < 2 * size; j++) pivotLine[j] = pivotLine[j]! / pivot;
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const line = work[row]!;
      const factor = line[column]!;
      if (factor === 0) continue;
      for (let j = 0; j < 2 * size; j++) line[j] = line[j]! - factor * pivotLine[j]!;
    }
  }
  return work.map((row) => row.slice(size));
}

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: number[];
  /** Orthonormal eigenvectors as columns: vectors[i][j] is component i of the eigenvector of values[j]. */
  readonly vectors: number[][];
}

/**
 * Eigen-decomposition A = V diag(λ) Vᵀ of a symmetric matrix by cyclic Jacobi rotations (Golub & Van
 * Loan, Matrix Computations, 4th ed., §8.5). Each rotation zeroes one off-diagonal element; sweeps
 * repeat until the off-diagonal mass is negligible. Slow for big matrices, but accurate — also for
 * the small eigenvalues relative weights divide by — and the eigenvectors come out orthonormal.
 */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const size = assertSquare(a);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) {
      const difference = Math.abs(a[i]![j]! - a[j]![i]!);
      if (difference > 1e-9 * Math.max(1, Math.abs(a[i]![j]!))) throw new RangeError('matrix must be symmetric');
    }
  }
  const d = a.map((row) => [...row]);
  const v = identity(size);
  const total = d.flat().reduce((sum, x) => sum + x * x, 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) offDiagonal += d[p]![q]! ** 2;
    if (offDiagonal <= total * Number.EPSILON ** 2 || offDiagonal === 0) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = d[p]![q]!;
        if (apq === 0) continue;
        // The rotation angle that zeroes d[p][q]; the smaller root of t² + 2θt − 1 = 0 keeps |angle| ≤ π/4.
        const theta = (d[q]![q]! - d[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const dkp = d[k]![p]!;
          const dkq = d[k]![q]!;
          d[k]![p] = c * dkp - s * dkq;
          d[k]![q] = s * dkp + c * dkq;
        }
        for (let k = 0; k < size; k++) {
          const dpk = d[p]![k]!;
          const dqk = d[q]![k]!;
          d[p]![k] = c * dpk - s * dqk;
          d[q]![k] = s * dpk + c * dqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((i, j) => d[j]![j]! - d[i]![i]!);
  return {
    values: order.map((i) => d[i]![i]!),
    vectors: v.map((row) => order.map((i) => row[i]!)),
  };
}

/** f(A) = V diag(f(λ)) Vᵀ for a symmetric A: the spectral way to take roots and inverse roots. */
export function symmetricMatrixFunction(eigen: SymmetricEigen, f: (eigenvalue: number) => number): number[][] {
  const { values, vectors } = eigen;
  const size = values.length;
  const mapped = values.map(f);
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < size; k++) sum += vectors[i]![k]! * mapped[k]! * vectors[j]![k]!;
      return sum;
    }),
  );
}

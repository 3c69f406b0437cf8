import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  identity,
  inverse,
  type Matrix,
  multiply,
  multiplyVector,
  symmetricEigen,
  symmetricMatrixFunction,
  transpose,
} from './matrix.js';

function expectMatrixClose(actual: Matrix, expected: Matrix, tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    row.forEach((value, j) => {
      expect(Math.abs(value - expected[i]![j]!)).toBeLessThanOrEqual(tolerance);
    });
  });
}

/** Random symmetric matrices of size 1–6 with entries in [−10, 10]. */
const symmetricMatrix = fc
  .integer({ min: 1, max: 6 })
  .chain((size) =>
    fc
      .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: size * size, maxLength: size * size })
      .map((entries) =>
        Array.from({ length: size }, (_, i) =>
          Array.from({ length: size }, (_, j) => (i <= j ? entries[i * size + j]! : entries[j * size + i]!)),
        ),
      ),
  );

describe('multiply, transpose', () => {
  it('match a hand computation', () => {
    // [[1,2],[3,4]]·[[5,6],[7,8]] = [[1·5+2·7, 1·6+2·8], [3·5+4·7, 3·6+4·8]] = [[19,22],[43,50]].
    expect(
      multiply(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ),
    ).toEqual([
      [19, 22],
      [43, 50],
    ]);
    expect(
      transpose([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(
      multiplyVector(
        [
          [1, 2],
          [3, 4],
        ],
        [1, -1],
      ),
    ).toEqual([-1, -1]);
    expect(() => multiply([[1, 2]], [[1, 2]])).toThrow(RangeError);
  });
});

describe('inverse', () => {
  it('inverts a 2×2 by the adjugate formula', () => {
    // [[4,7],[2,6]]⁻¹ = 1/(4·6 − 7·2) · [[6,−7],[−2,4]] = [[0.6,−0.7],[−0.2,0.4]].
    expectMatrixClose(
      inverse([
        [4, 7],
        [2, 6],
      ]),
      [
        [0.6, -0.7],
        [-0.2, 0.4],
      ],
      1e-12,
    );
  });

  it('inverts the 3×3 second-difference matrix', () => {
    // tridiag(−1, 2, −1) of size 3 has inverse (1/4)·[[3,2,1],[2,4,2],[1,2,3]] (check: row 1 · column 1 = (6 − 2)/4 = 1).
    expectMatrixClose(
      inverse([
        [2, -1, 0],
        [-1, 2, -1],
        [0, -1, 2],
      ]),
      [
        [0.75, 0.5, 0.25],
        [0.5, 1, 0.5],
        [0.25, 0.5, 0.75],
      ],
      1e-12,
    );
  });

  it('needs pivoting for a zero leading entry', () => {
    // [[0,1],[1,0]] is its own inverse; without row exchanges the first pivot would be 0.
    expectMatrixClose(
      inverse([
        [0, 1],
        [1, 0],
      ]),
      [
        [0, 1],
        [1, 0],
      ],
    );
  });

  it('rejects singular matrices', () => {
    expect(() =>
      inverse([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(RangeError);
  });

  it('A·A⁻¹ = I for diagonally dominant matrices (property)', () => {
    fc.assert(
      fc.property(symmetricMatrix, (a) => {
        // Adding 100·I keeps every eigenvalue of this matrix (|entries| ≤ 10, size ≤ 6) away from 0.
        const shifted = a.map((row, i) => row.map((value, j) => (i === j ? value + 100 : value)));
        expectMatrixClose(multiply(shifted, inverse(shifted)), identity(a.length), 1e-9);
      }),
    );
  });
});

describe('symmetricEigen (Jacobi)', () => {
  it('decomposes [[2,1],[1,2]]', () => {
    // Eigenvalues 3 and 1 with eigenvectors (1,1)/√2 and (1,−1)/√2 (by hand: det(A − λI) = (2 − λ)² − 1).
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    // An eigenvector's sign is arbitrary: compare up to sign.
    const first = [vectors[0]![0]!, vectors[1]![0]!];
    expect(Math.abs(first[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(first[0]! * first[1]!).toBeCloseTo(0.5, 12);
  });

  it('decomposes the 3×3 second-difference matrix', () => {
    // tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2cos(kπ/(n+1)): for n = 3, 2 + √2, 2, 2 − √2;
    // the eigenvector for 2 is (1, 0, −1)/√2.
    const { values, vectors } = symmetricEigen([
      [2, -1, 0],
      [-1, 2, -1],
      [0, -1, 2],
    ]);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(values[1]).toBeCloseTo(2, 12);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 12);
    expect(Math.abs(vectors[0]![1]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[1]![1]!).toBeCloseTo(0, 12);
    expect(vectors[0]![1]! + vectors[2]![1]!).toBeCloseTo(0, 12);
  });

  it('rejects a non-symmetric matrix', () => {
    expect(() =>
      symmetricEigen([
        [1, 2],
        [0, 1],
      ]),
    ).toThrow(RangeError);
  });

  it('gives orthonormal eigenvectors with A = VΛVᵀ, values in descending order (property)', () => {
    fc.assert(
      fc.property(symmetricMatrix, (a) => {
        const eigen = symmetricEigen(a);
        const v = eigen.vectors;
        expectMatrixClose(multiply(transpose(v), v), identity(a.length), 1e-9);
        expectMatrixClose(
          symmetricMatrixFunction(eigen, (value) => value),
          a,
          1e-8,
        );
        for (let i = 1; i < eigen.values.length; i++) expect(eigen.values[i]!).toBeLessThanOrEqual(eigen.values[i - 1]!);
      }),
    );
  });

  it('gives a square root whose square is the matrix (property)', () => {
    fc.assert(
      fc.property(symmetricMatrix, (a) => {
        // AᵀA is positive semi-definite; + I makes it definite, so its root is real.
        const positive = multiply(transpose(a), a).map((row, i) => row.map((value, j) => (i === j ? value + 1 : value)));
        const root = symmetricMatrixFunction(symmetricEigen(positive), Math.sqrt);
        expectMatrixClose(multiply(root, root), positive, 1e-7);
      }),
    );
  });
});

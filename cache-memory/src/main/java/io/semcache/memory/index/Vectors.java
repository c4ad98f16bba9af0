package io.semcache.memory.index;

import java.util.Objects;

/** Argument checks shared by the indexes. */
final class Vectors {

  /** Allowed distance of the L2 norm from 1: loose enough for float rounding, tight enough to catch a
   *  caller that forgot to normalise. */
  static final double NORM_TOLERANCE = 1e-3;

  private Vectors() {}

  static void requireDimension(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension: expected a positive integer, got " + dimension);
    }
  }

  /** Checks that {@code vector} is a finite unit vector of {@code dimension} floats. */
  static float[] requireUnit(float[] vector, int dimension, String name) {
    Objects.requireNonNull(vector, name);
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          name + ": expected " + dimension + " floats, got " + vector.length);
    }
    double squared = 0;
    for (float x : vector) {
      squared += (double) x * x;
    }
    double norm = Math.sqrt(squared);
    if (!Double.isFinite(norm)) {
      throw new IllegalArgumentException(name + ": expected finite values, got NaN or infinity");
    }
    if (Math.abs(norm - 1) > NORM_TOLERANCE) {
      throw new IllegalArgumentException(
          name + ": expected a unit vector (L2 norm 1), got L2 norm " + (float) norm);
    }
    return vector;
  }

  static void requireK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k: expected a positive integer, got " + k);
    }
  }
}

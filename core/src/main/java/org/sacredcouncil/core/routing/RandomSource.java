package org.sacredcouncil.core.routing;

/**
 * Uniform doubles in [0, 1). Injected rather than {@code java.util.Random} because seeded sequences differ
 * between the JVM and TeaVM, and tests need to choose the draw; the edge implements it over
 * {@code Math.random()}.
 */
@FunctionalInterface
public interface RandomSource {

    double nextDouble();
}

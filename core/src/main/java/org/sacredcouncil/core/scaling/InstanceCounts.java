package org.sacredcouncil.core.scaling;

/** A Cloud Run service's instance bounds: {@code min} kept warm, at most {@code max} running. */
public record InstanceCounts(int min, int max) {

    public InstanceCounts {
        if (min < 0 || max < 1 || min > max) {
            throw new IllegalArgumentException(
                    "instance counts need 0 <= min <= max and max >= 1, were " + min + "/" + max);
        }
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}

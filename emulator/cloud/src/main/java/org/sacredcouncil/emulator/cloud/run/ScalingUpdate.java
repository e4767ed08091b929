package org.sacredcouncil.emulator.cloud.run;

/** One accepted {@code services.patch} of the service-level scaling: before and after. */
public record ScalingUpdate(String service, int minBefore, int maxBefore, int minAfter, int maxAfter, String mask) {

    /** The line the local cloud prints for it. */
    public String describe() {
        return "scaling  " + ServiceName.id(service) + "  min " + minBefore + " → " + minAfter + ", max " + maxBefore
                + " → " + maxAfter + "  (mask " + mask + ")";
    }
}

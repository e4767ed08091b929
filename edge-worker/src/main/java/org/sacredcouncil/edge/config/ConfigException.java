package org.sacredcouncil.edge.config;

/** A var of the Worker holds a value the edge cannot use; the message names the var. */
public final class ConfigException extends IllegalArgumentException {

    public ConfigException(String message) {
        super(message);
    }
}

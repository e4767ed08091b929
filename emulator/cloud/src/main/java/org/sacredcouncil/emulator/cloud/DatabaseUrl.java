package org.sacredcouncil.emulator.cloud;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL server given by {@code DATABASE_URL}: either a JDBC URL
 * ({@code jdbc:postgresql://host:port/db}) or the common {@code postgres://user:pass@host:port/db}
 * form. User and password come from the URL, else from {@code DATABASE_USER}/{@code DATABASE_PASSWORD}.
 */
record DatabaseUrl(String jdbcUrl, String user, String password) {

    /** The URL as it may be printed: a password in its user info or query replaced by {@code ***}. */
    static String withoutPassword(String url) {
        return url.replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    static DatabaseUrl parse(String url, String fallbackUser, String fallbackPassword) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, orDefault(fallbackUser, "postgres"), orDefault(fallbackPassword, ""));
        }
        if (!trimmed.startsWith("postgres://") && !trimmed.startsWith("postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgres:// or "
                    + "postgresql://, got: " + withoutPassword(trimmed));
        }
        URI uri = URI.create(trimmed);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host: " + withoutPassword(trimmed));
        }
        String user = fallbackUser;
        String password = fallbackPassword;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, orDefault(user, "postgres"), orDefault(password, ""));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}

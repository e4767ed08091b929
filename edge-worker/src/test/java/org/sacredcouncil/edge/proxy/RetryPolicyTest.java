package org.sacredcouncil.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void readsAndIdempotentWritesAreRetriedOtherWritesAreNot() {
        assertThat(RetryPolicy.retryable("GET", null)).isTrue();
        assertThat(RetryPolicy.retryable("HEAD", null)).isTrue();
        assertThat(RetryPolicy.retryable("POST", null)).isFalse();
        assertThat(RetryPolicy.retryable("POST", "  ")).isFalse();
        assertThat(RetryPolicy.retryable("POST", "key-1")).isTrue();
        assertThat(RetryPolicy.retryable("DELETE", null)).isFalse();
    }
}

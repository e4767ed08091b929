package org.sacredcouncil.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void retriesAreCappedAtTheShareOfRecentRequests() {
        RetryBudget budget = new RetryBudget(20, 3);
        long now = 1_000_000;
        for (int i = 0; i < 100; i++) {
            budget.requestStarted(now + i * 10);
        }
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (budget.tryRetry(now + 1_000)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void theFloorLetsAQuietIsolateRetry() {
        RetryBudget budget = new RetryBudget(20, 3);
        budget.requestStarted(0);
        assertThat(budget.tryRetry(0)).isTrue();
        assertThat(budget.tryRetry(0)).isTrue();
        assertThat(budget.tryRetry(0)).isTrue();
        assertThat(budget.tryRetry(0)).isFalse();
    }

    @Test
    void oldRequestsAndRetriesLeaveTheWindow() {
        RetryBudget budget = new RetryBudget(50, 0);
        for (int i = 0; i < 10; i++) {
            budget.requestStarted(0);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryRetry(500)).isTrue();
        }
        assertThat(budget.tryRetry(9_999)).as("still inside the window").isFalse();
        long later = RetryBudget.WINDOW_SECONDS * 1000L;
        assertThat(budget.tryRetry(later))
                .as("nothing recent: no budget beyond the floor")
                .isFalse();
        budget.requestStarted(later);
        budget.requestStarted(later);
        assertThat(budget.tryRetry(later)).as("the old retries no longer count").isTrue();
        assertThat(budget.tryRetry(later)).isFalse();
    }

    @Test
    void zeroPercentAndNoFloorMeansNoRetries() {
        RetryBudget budget = new RetryBudget(0, 0);
        budget.requestStarted(5);
        assertThat(budget.tryRetry(5)).isFalse();
        assertThatThrownBy(() -> new RetryBudget(101, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.sacredcouncil.emulator.firestore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sacredcouncil.emulator.firestore.conformance.SuiteContext.fields;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.WriteResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a server client observes of transactions (the service locks; see emulator/firestore/README.md). */
interface TransactionCases extends SuiteContext {

    @Test
    default void anAggregationInATransactionHoldsBackAWriteToTheCountedDocuments() throws Exception {
        DocumentReference existing = c().document("counted");
        existing.set(fields("n", 1)).get();
        DocumentReference added = c().document();
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        ApiFuture<Long> transaction = db().runTransaction(tx -> {
            attempts.incrementAndGet();
            long n = tx.get(c().count()).get().getCount();
            counted.countDown();
            proceed.await(30, TimeUnit.SECONDS);
            tx.set(c().document("total"), fields("n", n));
            return n;
        });
        assertThat(counted.await(30, TimeUnit.SECONDS)).isTrue();
        ApiFuture<WriteResult> update = existing.update("n", 2);
        ApiFuture<WriteResult> create = added.set(fields("n", 3));
        // Both wait for the transaction's locks: the counted document's and the range's (a new document).
        assertThatThrownBy(() -> update.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(create.isDone()).isFalse();
        proceed.countDown();
        assertThat(transaction.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        update.get(30, TimeUnit.SECONDS);
        create.get(30, TimeUnit.SECONDS);
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(c().document("total").get().get().getLong("n")).isEqualTo(1);
        assertThat(existing.get().get().getLong("n")).isEqualTo(2);
    }

    @Test
    default void aWriteHeldPastTheLockTimeoutIsAborted() throws Exception {
        DocumentReference doc = c().document("held");
        doc.set(fields("n", 1)).get();
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        ApiFuture<Long> transaction = db().runTransaction(tx -> {
            long n = tx.get(doc).get().getLong("n");
            read.countDown();
            proceed.await(30, TimeUnit.SECONDS);
            tx.update(doc, "n", n + 10);
            return n;
        });
        assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> doc.update("n", 2).get(20, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(SuiteContext.code(e)).isEqualTo("ABORTED"))
                    .hasMessageContaining("Transaction lock timeout");
        } finally {
            proceed.countDown();
        }
        assertThat(transaction.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(doc.get().get().getLong("n")).isEqualTo(11);
    }
}

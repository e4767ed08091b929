package org.sacredcouncil.emulator.firestore.bench;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.Firestore;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/**
 * Counts, for ours and Google's emulator, how often an aggregation started just before the official
 * client's {@code shutdownNow()} never completes (neither a result nor an error within 3 s). A probe, not a
 * test: the outcome depends on where the call is when the channel dies. A server-side trace found the
 * unresolved calls never reached the server or were cancelled by the client before their request arrived
 * (the client reports that failure through the executor {@code shutdownNow} stopped); what the server owes
 * is tested by {@code lifecycle.ForcedClientShutdownTest}. Args: rounds (20).
 */
public final class ShutdownNowProbe {
    private ShutdownNowProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (FirestoreEmulator ours = FirestoreEmulator.builder().start()) {
            System.out.printf("ours:   %d of %d hung%n", hangs(ours.hostAndPort(), rounds), rounds);
        }
        if (GoogleFirestoreEmulator.installed()) {
            try (GoogleFirestoreEmulator google = GoogleFirestoreEmulator.start(null)) {
                System.out.printf("google: %d of %d hung%n", hangs(google.hostAndPort(), rounds), rounds);
            }
        }
    }

    private static int hangs(String host, int rounds) throws Exception {
        Firestore seed = EmulatorClients.admin(host, "probe");
        for (int i = 0; i < 20; i++) {
            seed.collection("c").document("d" + i).set(Map.of("n", i)).get();
        }
        seed.shutdownNow();
        int hung = 0;
        for (int r = 0; r < rounds; r++) {
            Firestore client = EmulatorClients.admin(host, "probe");
            client.collection("c")
                    .document("warm")
                    .get()
                    .get(); // the channel is connected: the call is in flight at once
            ApiFuture<AggregateQuerySnapshot> inFlight =
                    client.collection("c").count().get();
            client.shutdownNow();
            try {
                inFlight.get(3, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                // ended with an error: not a hang
            } catch (TimeoutException e) {
                hung++;
            }
        }
        return hung;
    }
}

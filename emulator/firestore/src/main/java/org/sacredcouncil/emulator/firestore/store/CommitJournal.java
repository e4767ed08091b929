package org.sacredcouncil.emulator.firestore.store;

import com.google.protobuf.Timestamp;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;

/**
 * Where a database's commits are made durable. {@link #append} runs under the commit lock (so the log
 * is in commit order); {@link #awaitDurable} runs after the lock is released and returns once that
 * commit is on disk, so one fsync can cover the commits of many waiting clients (group commit).
 */
public interface CommitJournal {
    /** In memory only. */
    CommitJournal NONE = new CommitJournal() {
        @Override
        public long append(String database, Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime) {
            return -1;
        }

        @Override
        public void awaitDurable(long ticket) {}
    };

    /** Records a commit; returns a ticket for {@link #awaitDurable}. */
    long append(String database, Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime);

    /** Blocks until the commit with this ticket (and every earlier one) is durable; -1 = nothing to wait for. */
    void awaitDurable(long ticket);
}

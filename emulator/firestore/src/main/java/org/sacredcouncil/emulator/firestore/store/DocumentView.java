package org.sacredcouncil.emulator.firestore.store;

import java.util.List;
import org.sacredcouncil.emulator.firestore.path.ResourceName;

/** The documents of a database as of one moment: now ({@link Database}) or a past read time ({@link Database#at}). */
public interface DocumentView {
    StoredDocument get(ResourceName doc);

    /** Every document whose name starts with {@code prefix} (excluding the prefix itself), in name order. */
    List<StoredDocument> under(ResourceName prefix);

    /** Names of the documents under a prefix, in name order. */
    List<ResourceName> namesUnder(ResourceName prefix);
}

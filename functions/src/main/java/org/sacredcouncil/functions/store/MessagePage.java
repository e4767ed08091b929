package org.sacredcouncil.functions.store;

import java.util.List;

/** One page of messages, newest first, and the cursor of the next page (null at the end). */
public record MessagePage(List<StoredMessage> messages, String nextCursor) {}

package org.sacredcouncil.functions.store;

import java.util.List;

/** One page of live artifacts, newest first, and the cursor of the next page (null at the end). */
public record ArtifactPage(List<StoredArtifact> artifacts, String nextCursor) {}

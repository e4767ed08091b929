package org.sacredcouncil.edge.hub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldAccumulator;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldComposer;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.presence.PresenceTracker;

/**
 * The hub's field: the last snapshot's cells plus every contribution folded on top of it, folded with core's
 * {@link FieldAccumulator} and composed with core's {@link FieldComposer} (docs/live-field.md#feed). Pure state,
 * time passed in; {@link HubStore} persists it.
 *
 * <p>Invariants: a message id counts once — it is either covered by the snapshot (recorded before its read
 * minus the overlap, or listed in its {@code recentIds}) or kept in {@link #folded}, never both; the version only
 * grows ({@code version = max(version, floor) + 1} on every change).
 */
public final class LiveField {

    /** A snapshot covers what was recorded this long before its read (docs/live-field.md#feed). */
    public static final long SNAPSHOT_OVERLAP_MILLIS = 10_000;

    public static final int RECENT_MESSAGES = 20;

    /** One contribution folded on top of the snapshot, kept until a snapshot covers it. */
    static final class Folded {
        private final String id;
        private final long recordedAt;
        private final BucketContribution cell;

        Folded(String id, long recordedAt, BucketContribution cell) {
            this.id = id;
            this.recordedAt = recordedAt;
            this.cell = cell;
        }

        String id() {
            return id;
        }

        long recordedAt() {
            return recordedAt;
        }

        BucketContribution cell() {
            return cell;
        }
    }

    /** What presence the hub persists per agent: the latest sign of life and the latest leave. */
    static final class Mark {
        private final String agentId;
        private final String region;
        private final long seen;
        private final long left;

        Mark(String agentId, String region, long seen, long left) {
            this.agentId = agentId;
            this.region = region;
            this.seen = seen;
            this.left = left;
        }

        String agentId() {
            return agentId;
        }

        String region() {
            return region;
        }

        long seen() {
            return seen;
        }

        long left() {
            return left;
        }
    }

    private final CoherenceModel model;
    private final PresenceTracker presence;
    final TreeMap<String, Mark> marks = new TreeMap<>();
    /** What changed since the hub last persisted ({@link HubStore}): it stores only that. */
    final Set<String> marksChanged = new HashSet<>();

    final Set<String> marksRemoved = new HashSet<>();
    final List<String> recentEvicted = new ArrayList<>();
    boolean metaChanged;
    final TreeMap<String, Folded> folded = new TreeMap<>();
    final List<RecentMessage> recent = new ArrayList<>();
    /**
     * Glyphs that came before their message, by message id, oldest first. Memory and wisdom consume the same
     * event in parallel, so wisdom's item can reach the hub before memory's; dropping it left the message without
     * glyphs on every socket. At most {@link #RECENT_MESSAGES}, in memory only: the race is milliseconds to
     * seconds, far under the object's hibernation delay, and a lost entry costs a glyph row, never the field.
     */
    final LinkedHashMap<String, String> earlyGlyphs = new LinkedHashMap<>();

    List<BucketContribution> snapshotCells = new ArrayList<>();
    Set<String> snapshotRecentIds = new HashSet<>();
    long snapshotReadAt = Long.MIN_VALUE;
    long version;
    List<Origin> origins = new ArrayList<>();
    private FieldAccumulator accumulator;
    private FieldState field;

    public LiveField(CoherenceModel model) {
        this(model, PresenceTracker.DEFAULT_WINDOW_MILLIS);
    }

    public LiveField(CoherenceModel model, long presenceWindowMillis) {
        this.model = model;
        this.presence = new PresenceTracker(presenceWindowMillis);
        this.accumulator = new FieldAccumulator(model);
    }

    /**
     * Folds a recorded message. False, changing nothing, for a message the snapshot covers, one already folded,
     * or one whose bucket left the window.
     */
    public boolean fold(MessageSent event, long recordedAt, long now) {
        if (covered(event.id(), recordedAt)
                || folded.containsKey(event.id())
                || model.bucketOf(event.timeMillis()) < model.oldestBucket(now)) {
            return false;
        }
        BucketContribution cell = BucketContribution.of(event, model);
        folded.put(event.id(), new Folded(event.id(), recordedAt, cell));
        accumulator.add(cell);
        return true;
    }

    private boolean covered(String id, long recordedAt) {
        // (no snapshot yet: MIN_VALUE, and MIN_VALUE - overlap would wrap around)
        return snapshotReadAt != Long.MIN_VALUE && recordedAt < snapshotReadAt - SNAPSHOT_OVERLAP_MILLIS
                || snapshotRecentIds.contains(id);
    }

    /**
     * Makes a recomputation the authority: cells rebuilt from it, then every folded contribution it does not cover
     * folded in again. A snapshot older than the one held changes nothing.
     *
     * @return the ids no longer folded (now covered or out of the window), or null when the snapshot was refused
     */
    public List<String> snapshot(
            FieldState recomputed, List<BucketContribution> cells, long readAt, Set<String> recentIds, long now) {
        if (readAt < snapshotReadAt) {
            return null;
        }
        version = Math.max(version, recomputed.version());
        adoptOrigins(recomputed.origins());
        snapshotCells = new ArrayList<>(cells);
        snapshotReadAt = readAt;
        snapshotRecentIds = new HashSet<>(recentIds);
        metaChanged = true;
        List<String> dropped = new ArrayList<>();
        long oldest = model.oldestBucket(now);
        // removed by key after the walk: a TreeMap iterator's remove() costs the bundle ~0.5 KB gzip
        for (Folded f : folded.values()) {
            if (covered(f.id(), f.recordedAt()) || f.cell().bucket() < oldest) {
                dropped.add(f.id());
            }
        }
        for (String id : dropped) {
            folded.remove(id);
        }
        rebuild();
        return dropped;
    }

    /** The accumulator from the held parts: after a snapshot, and after a restart. */
    void rebuild() {
        accumulator = new FieldAccumulator(model);
        for (BucketContribution cell : snapshotCells) {
            accumulator.add(cell);
        }
        for (Folded f : folded.values()) {
            accumulator.add(f.cell());
        }
    }

    /** A newer field seen elsewhere (KV) raises the floor of the next version and lends its origins. */
    public void adoptFloor(FieldState seen) {
        version = Math.max(version, seen.version());
        adoptOrigins(seen.origins());
        metaChanged = true;
    }

    /** Only while nothing better was adopted: a snapshot's or KV's origins replace these. */
    void seedOrigins(List<Origin> configured) {
        if (origins.isEmpty()) {
            origins = new ArrayList<>(configured);
        }
    }

    private void adoptOrigins(List<Origin> candidates) {
        if (!candidates.isEmpty()) {
            origins = new ArrayList<>(candidates);
            metaChanged = true;
        }
    }

    /**
     * Folds a presence event (join, beat, leave; a message counts as a sign of life too).
     *
     * @return true when who is present per region changed
     */
    public boolean presence(CouncilEvent event, long now) {
        SortedMap<String, Integer> before = presence.presentByRegion(now);
        presence.apply(event);
        if (event instanceof AgentLeft) {
            mark(event.subject(), null, Long.MIN_VALUE, event.timeMillis());
        } else if (event instanceof MessageSent e) {
            mark(e.message().agentId(), e.message().region(), e.timeMillis(), Long.MIN_VALUE);
        } else {
            mark(event.subject(), regionOf(event), event.timeMillis(), Long.MIN_VALUE);
        }
        return !sameCounts(before, presence.presentByRegion(now));
    }

    /** An agent with an open socket is present: renewed at every change while its socket is open. */
    public void seenOnSocket(String agentId, String region, long now) {
        presence.seen(agentId, region, now);
        mark(agentId, region, now, Long.MIN_VALUE);
    }

    private static String regionOf(CouncilEvent event) {
        if (event instanceof org.sacredcouncil.core.event.PresenceBeat e) {
            return e.region();
        }
        if (event instanceof org.sacredcouncil.core.event.AgentJoined e) {
            return e.region();
        }
        return "";
    }

    private void mark(String agentId, String region, long seen, long left) {
        Mark old = marks.get(agentId);
        if (old != null) {
            boolean later = seen > old.seen();
            region = later ? region : old.region();
            seen = Math.max(seen, old.seen());
            left = Math.max(left, old.left());
        }
        if (old != null && old.seen() == seen && old.left() == left && same(old.region(), region)) {
            return; // nothing new to persist
        }
        marks.put(agentId, new Mark(agentId, region, seen, left));
        marksChanged.add(agentId);
        marksRemoved.remove(agentId);
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** Restores a persisted mark into the tracker. */
    void restore(Mark m) {
        marks.put(m.agentId(), m);
        if (m.region() != null && m.seen() != Long.MIN_VALUE) {
            presence.seen(m.agentId(), m.region(), m.seen());
        }
        if (m.left() != Long.MIN_VALUE) {
            presence.left(m.agentId(), m.left());
        }
    }

    /** Who is present per region at {@code now}, as a text to compare (sockets not counted). */
    public String presentKey(long now) {
        StringBuilder key = new StringBuilder();
        for (Map.Entry<String, Integer> region : presence.presentByRegion(now).entrySet()) {
            key.append(region.getKey())
                    .append('=')
                    .append(region.getValue().intValue())
                    .append(';');
        }
        return key.toString();
    }

    /** Agents present per region now. */
    public SortedMap<String, Integer> present(long now) {
        return presence.presentByRegion(now);
    }

    /** Forgets what cannot count any more (agents gone past the window). */
    public void evict(long now) {
        presence.evict(now);
        long gone = now - presence.windowMillis();
        List<String> expired = new ArrayList<>();
        for (Mark m : marks.values()) {
            if (m.seen() <= gone && m.left() <= gone) {
                expired.add(m.agentId());
                marksRemoved.add(m.agentId());
                marksChanged.remove(m.agentId());
            }
        }
        for (String agentId : expired) {
            marks.remove(agentId);
        }
    }

    /**
     * When the next present agent's last sign of life leaves the window (it stops being present then), or
     * {@code Long.MAX_VALUE} when nobody is present: the hub's alarm time for a {@code presence} frame that no
     * message would otherwise cause.
     */
    public long nextPresenceExpiry(long now) {
        long next = Long.MAX_VALUE;
        long window = presence.windowMillis();
        for (Mark m : marks.values()) {
            if (m.seen() != Long.MIN_VALUE && m.left() < m.seen() && m.seen() + window > now) {
                next = Math.min(next, m.seen() + window);
            }
        }
        return next;
    }

    /** A new message for the recent list, or null when it is already there. */
    public RecentMessage remember(MessageSent event, long recordedAt) {
        for (RecentMessage m : recent) {
            if (m.id().equals(event.id()) || m.id().equals(event.message().id())) {
                return null;
            }
        }
        RecentMessage message = RecentMessage.of(event, recordedAt);
        String early = earlyGlyphs.remove(message.messageId());
        if (early != null) {
            message = message.withGlyphs(early);
        }
        recent.add(message);
        recent.sort((a, b) -> Long.compare(a.recordedAt(), b.recordedAt()));
        while (recent.size() > RECENT_MESSAGES) {
            recentEvicted.add(recent.remove(0).id());
        }
        // identity, not List.contains: a virtual equals would pull every equals of the bundle into it
        for (RecentMessage kept : recent) {
            if (kept == message) {
                return message;
            }
        }
        return null;
    }

    /**
     * Attaches glyphs to a recent message; the updated message, or null when it is not among the recent (then
     * they wait in {@link #earlyGlyphs} for it).
     */
    public RecentMessage glyphs(String messageId, String glyphsJson) {
        for (int i = 0; i < recent.size(); i++) {
            RecentMessage m = recent.get(i);
            if (m.messageId().equals(messageId)) {
                if (glyphsJson.equals(m.glyphsJson())) {
                    return null;
                }
                RecentMessage updated = m.withGlyphs(glyphsJson);
                recent.set(i, updated);
                return updated;
            }
        }
        earlyGlyphs.remove(messageId);
        earlyGlyphs.put(messageId, glyphsJson);
        Iterator<String> oldest = earlyGlyphs.keySet().iterator();
        while (earlyGlyphs.size() > RECENT_MESSAGES) {
            oldest.next();
            oldest.remove();
        }
        return null;
    }

    /** A new version of the field at {@code now}: {@code version = max(version, floor) + 1}. */
    public FieldState compose(long now) {
        version = Math.min(version + 1, FieldState.MAX_VERSION);
        field = FieldComposer.compose(
                        null, accumulator.read(now), presence.presentByRegion(now), model.baseline(), origins, now)
                .withVersion(version, now);
        return field;
    }

    /** The field as persisted: served again after a restart, with its own version (no new one for a wake-up). */
    void restoreField(FieldState persisted) {
        field = persisted;
        version = Math.max(version, persisted.version());
    }

    /** The field last composed, or null before the first. */
    public FieldState field() {
        return field;
    }

    public long version() {
        return version;
    }

    private static boolean sameCounts(SortedMap<String, Integer> a, SortedMap<String, Integer> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<String, Integer>> right = b.entrySet().iterator();
        for (Map.Entry<String, Integer> left : a.entrySet()) {
            Map.Entry<String, Integer> other = right.next();
            if (!left.getKey().equals(other.getKey())
                    || left.getValue().intValue() != other.getValue().intValue()) {
                return false;
            }
        }
        return true;
    }

    /** For tests: the snapshot's read time. */
    long snapshotReadAt() {
        return snapshotReadAt;
    }

    static SortedMap<String, Integer> emptyCounts() {
        return new TreeMap<>();
    }
}

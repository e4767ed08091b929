package org.sacredcouncil.functions.hub;

import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.store.RecordedTimes;

/**
 * memory's side of the feed: each event the hub folds (messages, joins, beats, leaves), sent after its
 * PostgreSQL commit — on a redelivery too, since a crash may have come between the commit and the feed.
 * Never throws: the event is recorded whatever the hub does.
 */
public final class EventFeed {

    private static final StructuredLog LOG = StructuredLog.of("memory");

    private final HubFeed feed;
    private final RecordedTimes times;

    public EventFeed(HubFeed feed, RecordedTimes times) {
        this.feed = feed;
        this.times = times;
    }

    public static boolean folded(CouncilEvent event) {
        return event instanceof MessageSent
                || event instanceof AgentJoined
                || event instanceof PresenceBeat
                || event instanceof AgentLeft;
    }

    /** @param cloudEventJson the JSON the log holds for the event */
    public void recorded(CouncilEvent event, String cloudEventJson) {
        if (!feed.enabled() || !folded(event)) {
            return;
        }
        try {
            long recordedAt = times.of(event.id());
            if (recordedAt < 0) {
                return; // not in the log (cannot happen after record); nothing to vouch for
            }
            feed.post(FeedItems.event(cloudEventJson, recordedAt));
        } catch (Exception e) {
            LOG.warn("hub feed skipped: recorded_at unreadable", "eventId", event.id(), "error", e.toString());
        }
    }
}

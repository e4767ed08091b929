package org.sacredcouncil.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

    /** 2026-12-02T00:00:00Z. */
    static final long MIDNIGHT_UTC = 1_796_169_600_000L;

    static final ScalingPolicy POLICY = new ScalingPolicy(ScalingConfig.DEFAULT);

    static final ScalingBounds WIDE = new ScalingBounds(0, 100, 1, 200);

    static ScalingTarget target(InstanceCounts baseline, ScalingBounds bounds, int offsetMinutes) {
        return new ScalingTarget(
                "heart",
                "projects/p/locations/europe-west1/services/sacred-heart-eu",
                "europe-west1",
                offsetMinutes,
                baseline,
                bounds,
                120);
    }

    static long atLocal(int hour, int minute, int offsetMinutes) {
        return MIDNIGHT_UTC + ((hour * 60L + minute) - offsetMinutes) * 60_000L;
    }

    static InstanceCounts decide(ScalingTarget t, long now, double rate, double coherence, InstanceCounts current) {
        return POLICY.decide(t, new ScalingInput(now, rate, coherence, current)).desired();
    }

    @Test
    void quietHoursHalveAndPeakDoubles() {
        ScalingTarget t = target(new InstanceCounts(4, 10), WIDE, 60);
        InstanceCounts ordinary = decide(t, atLocal(12, 0, 60), 0, 0.7, null);
        InstanceCounts quiet = decide(t, atLocal(3, 0, 60), 0, 0.7, null);
        InstanceCounts peak = decide(t, atLocal(18, 30, 60), 0, 0.7, null);
        assertThat(ordinary).isEqualTo(new InstanceCounts(4, 10));
        assertThat(quiet).isEqualTo(new InstanceCounts(2, 5));
        assertThat(peak).isEqualTo(new InstanceCounts(8, 20));
    }

    @Test
    void eachFactorMovesACountTheWayItSays() {
        ScalingTarget one = target(new InstanceCounts(1, 3), WIDE, 0);
        assertThat(decide(one, atLocal(3, 0, 0), 0, 0.7, null)).isEqualTo(new InstanceCounts(0, 1));
        assertThat(decide(one, atLocal(12, 0, 0), 0, 0.3, null)).isEqualTo(new InstanceCounts(2, 3));
        assertThat(decide(one, atLocal(18, 0, 0), 0, 0.7, null)).isEqualTo(new InstanceCounts(2, 6));
        // quiet and strained together: 1 · 0.5 · 1.5 = 0.75, down to 0
        assertThat(decide(one, atLocal(3, 0, 0), 0, 0.3, null)).isEqualTo(new InstanceCounts(0, 1));
    }

    @Test
    void theClockIsTheRegionsLocalTimeNotUtc() {
        // 03:00 UTC is quiet in Brussels (04:00, +60) and peak time in Tokyo (12:00? no: +540 → 12:00 ordinary)
        long threeUtc = MIDNIGHT_UTC + 3 * 3_600_000L;
        assertThat(POLICY.decide(target(new InstanceCounts(4, 10), WIDE, 60), new ScalingInput(threeUtc, 0, 0.7, null))
                        .period())
                .isEqualTo(DayPeriod.QUIET);
        assertThat(POLICY.decide(target(new InstanceCounts(4, 10), WIDE, 540), new ScalingInput(threeUtc, 0, 0.7, null))
                        .period())
                .isEqualTo(DayPeriod.ORDINARY);
        // 10:00 UTC is 18:00 in Singapore (+480): peak; and 05:00 in Iowa (−300): quiet
        long tenUtc = MIDNIGHT_UTC + 10 * 3_600_000L;
        assertThat(POLICY.decide(target(new InstanceCounts(4, 10), WIDE, 480), new ScalingInput(tenUtc, 0, 0.7, null))
                        .period())
                .isEqualTo(DayPeriod.PEAK);
        assertThat(POLICY.decide(target(new InstanceCounts(4, 10), WIDE, -300), new ScalingInput(tenUtc, 0, 0.7, null))
                        .period())
                .isEqualTo(DayPeriod.QUIET);
    }

    @Test
    void windowsWrapMidnightAndEndExclusive() {
        DailyWindow quiet = DailyWindow.parseOrNull("22:00-06:00");
        assertThat(quiet).isEqualTo(new DailyWindow(1320, 360));
        assertThat(quiet.contains(1320)).isTrue();
        assertThat(quiet.contains(0)).isTrue();
        assertThat(quiet.contains(359)).isTrue();
        assertThat(quiet.contains(360)).isFalse();
        assertThat(quiet.contains(1319)).isFalse();
        assertThat(quiet.lengthMinutes()).isEqualTo(480);
        assertThat(quiet.toString()).isEqualTo("22:00-06:00");
        assertThat(DailyWindow.parseOrNull("24:00-06:00")).isNull();
        assertThat(DailyWindow.parseOrNull("2200-0600")).isNull();
        assertThat(DailyWindow.parseOrNull("22:0a-06:00")).isNull();
        assertThat(RegionClock.minuteOfDay(MIDNIGHT_UTC - 60_000L, 0)).isEqualTo(1439);
        assertThat(RegionClock.minuteOfDay(MIDNIGHT_UTC, -300)).isEqualTo(19 * 60);
    }

    @Test
    void strainRaisesTheMinOnly() {
        ScalingTarget t = target(new InstanceCounts(4, 10), WIDE, 0);
        assertThat(decide(t, atLocal(12, 0, 0), 0, 0.35, null)).isEqualTo(new InstanceCounts(6, 10));
        assertThat(decide(t, atLocal(12, 0, 0), 0, Double.NaN, null)).isEqualTo(new InstanceCounts(4, 10));
    }

    @Test
    void theRateRaisesBothCountsBeyondTheClock() {
        ScalingTarget t = target(new InstanceCounts(1, 4), WIDE, 0);
        // 1,000 messages/min at 120 per instance: 9 warm, 18 at most, even in quiet hours
        assertThat(decide(t, atLocal(3, 0, 0), 1000, 0.7, null)).isEqualTo(new InstanceCounts(9, 18));
    }

    @Test
    void neverOutsideTheBounds() {
        ScalingBounds tight = new ScalingBounds(1, 3, 2, 6);
        ScalingTarget t = target(new InstanceCounts(4, 10), tight, 0);
        assertThat(decide(t, atLocal(18, 0, 0), 1e6, 0.1, null)).isEqualTo(new InstanceCounts(3, 6));
        assertThat(decide(t, atLocal(3, 0, 0), 0, 0.9, new InstanceCounts(0, 50)))
                .isEqualTo(new InstanceCounts(2, 5));
        ScalingTarget zero = target(new InstanceCounts(0, 1), new ScalingBounds(0, 0, 1, 1), 0);
        assertThat(decide(zero, atLocal(18, 0, 0), 5000, 0.1, null)).isEqualTo(new InstanceCounts(0, 1));
    }

    @Test
    void hysteresisHoldsWithinTheMarginAndMovesBeyondIt() {
        ScalingTarget t = target(new InstanceCounts(0, 2), WIDE, 0);
        long noon = atLocal(12, 0, 0);
        InstanceCounts up = decide(t, noon, 600, 0.7, null); // demand 5 → 5..10
        assertThat(up).isEqualTo(new InstanceCounts(5, 10));
        // the rate falls 20 %: T = 4..8, T⁺ (× 1.25) = 5..10 → stays
        assertThat(decide(t, noon, 480, 0.7, up)).isEqualTo(up);
        // it falls by half: T⁺ = 4..8 < current → comes down, to T⁺ (not all the way to T)
        assertThat(decide(t, noon, 300, 0.7, up)).isEqualTo(new InstanceCounts(4, 8));
        // any rise applies at once
        assertThat(decide(t, noon, 700, 0.7, up)).isEqualTo(new InstanceCounts(6, 12));
        // coherence wobbling around the strain line (0.4) with a margin of 0.05
        ScalingTarget s = target(new InstanceCounts(4, 10), WIDE, 0);
        InstanceCounts strained = decide(s, noon, 0, 0.39, null);
        assertThat(strained).isEqualTo(new InstanceCounts(6, 10));
        assertThat(decide(s, noon, 0, 0.43, strained)).isEqualTo(strained);
        assertThat(decide(s, noon, 0, 0.46, strained)).isEqualTo(new InstanceCounts(4, 10));
    }

    @Test
    void anUnchangedDecisionSaysSo() {
        ScalingTarget t = target(new InstanceCounts(4, 10), WIDE, 0);
        ScalingDecision first = POLICY.decide(t, new ScalingInput(atLocal(12, 0, 0), 0, 0.7, null));
        assertThat(first.changed()).isTrue();
        ScalingDecision again = POLICY.decide(t, new ScalingInput(atLocal(12, 0, 0), 0, 0.7, first.desired()));
        assertThat(again.changed()).isFalse();
    }

    @Test
    void badConfigurationIsRefused() {
        assertThatThrownBy(() -> new ScalingBounds(3, 2, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingBounds(0, 6, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingBounds(0, 1, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceCounts(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target(new InstanceCounts(1, 2), WIDE, 900))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingInput(0, -1, 0.5, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingInput(0, Double.NaN, 0.5, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingInput(0, 1, 1.5, null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Random targets, bounds, clocks, rates, coherences and current counts (seeded; no java.util.Random in core). */
    @Test
    void propertiesOverRandomInputs() {
        SplittableRandom random = new SplittableRandom(17);
        int changedByRate = 0;
        for (int i = 0; i < 20_000; i++) {
            int minLow = random.nextInt(0, 4);
            int minHigh = minLow + random.nextInt(0, 20);
            int maxLow = 1 + random.nextInt(0, 4);
            int maxHigh = Math.max(minHigh, maxLow) + random.nextInt(0, 40);
            ScalingBounds bounds = new ScalingBounds(minLow, minHigh, maxLow, maxHigh);
            int baseMin = random.nextInt(0, 10);
            InstanceCounts baseline = new InstanceCounts(baseMin, baseMin + 1 + random.nextInt(0, 20));
            ScalingTarget t = new ScalingTarget(
                    "f",
                    "projects/p/locations/l/services/s",
                    null,
                    random.nextInt(-720, 841),
                    baseline,
                    bounds,
                    1 + random.nextInt(0, 500));
            long now = MIDNIGHT_UTC + random.nextLong(0, 400L * 86_400_000L);
            double rate = random.nextInt(0, 4) == 0 ? 0 : random.nextDouble() * 20_000;
            double coherence = random.nextInt(0, 10) == 0 ? Double.NaN : random.nextDouble();
            InstanceCounts current = random.nextBoolean() ? null : randomCounts(random);

            ScalingDecision d = POLICY.decide(t, new ScalingInput(now, rate, coherence, current));
            assertThat(bounds.contains(d.desired()))
                    .as("within bounds: %s %s", bounds, d)
                    .isTrue();

            // monotonic in the rate, whatever the current counts
            double more = rate + random.nextDouble() * 5_000;
            InstanceCounts higher = POLICY.decide(t, new ScalingInput(now, more, coherence, current))
                    .desired();
            assertThat(higher.min()).isGreaterThanOrEqualTo(d.desired().min());
            assertThat(higher.max()).isGreaterThanOrEqualTo(d.desired().max());
            if (!higher.equals(d.desired())) {
                changedByRate++;
            }

            // a lower coherence never lowers capacity
            if (!Double.isNaN(coherence)) {
                double lower = coherence * random.nextDouble();
                InstanceCounts strained = POLICY.decide(t, new ScalingInput(now, rate, lower, current))
                        .desired();
                assertThat(strained.min()).isGreaterThanOrEqualTo(d.desired().min());
            }

            // idempotent: deciding again from the decision's own result keeps it
            InstanceCounts again = POLICY.decide(t, new ScalingInput(now, rate, coherence, d.desired()))
                    .desired();
            assertThat(again).isEqualTo(d.desired());

            // no flapping: after a rise to T(rate), a rate up to 25 % lower (rate / 1.25 ≤ wobble ≤ rate) holds
            InstanceCounts risen = POLICY.decide(t, new ScalingInput(now, rate, coherence, null))
                    .desired();
            double wobble = rate / (1 + random.nextDouble() * 0.25);
            InstanceCounts held = POLICY.decide(t, new ScalingInput(now, wobble, coherence, risen))
                    .desired();
            assertThat(held)
                    .as("a rate within the margin holds: %s at %s", risen, wobble)
                    .isEqualTo(risen);
        }
        // the property run is not vacuous: the rate did change decisions in many cases
        assertThat(changedByRate).isGreaterThan(5_000);
    }

    @Test
    void quietHalvesAndPeakDoublesOverRandomBaselines() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            int offset = random.nextInt(-720, 841);
            InstanceCounts baseline = new InstanceCounts(2 * random.nextInt(0, 20), 2 * random.nextInt(20, 50));
            ScalingTarget t = target(baseline, WIDE, offset);
            long day = MIDNIGHT_UTC + random.nextLong(0, 365) * 86_400_000L;
            int quietMinute = (22 * 60 + random.nextInt(0, 480)) % 1440;
            int peakMinute = 17 * 60 + random.nextInt(0, 240);
            InstanceCounts quiet = decide(t, atLocalDay(day, quietMinute, offset), 0, 0.8, null);
            InstanceCounts peak = decide(t, atLocalDay(day, peakMinute, offset), 0, 0.8, null);
            assertThat(quiet).isEqualTo(new InstanceCounts(baseline.min() / 2, baseline.max() / 2));
            assertThat(peak).isEqualTo(new InstanceCounts(baseline.min() * 2, baseline.max() * 2));
        }
    }

    static long atLocalDay(long dayStartUtc, int localMinute, int offsetMinutes) {
        return dayStartUtc + (localMinute - offsetMinutes) * 60_000L;
    }

    static InstanceCounts randomCounts(SplittableRandom random) {
        int min = random.nextInt(0, 60);
        return new InstanceCounts(min, Math.max(1, min + random.nextInt(0, 80)));
    }
}

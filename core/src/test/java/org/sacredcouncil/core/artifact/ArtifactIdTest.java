package org.sacredcouncil.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/artifacts.md#model: the id is a function of (agent, bytes, message), written as the contract says. */
class ArtifactIdTest {

    static final String SHA = "a".repeat(64);

    @Test
    void theIdIsTheContractsDigest() {
        // computed independently: python3 -c "import hashlib;
        // print(hashlib.sha256(b'agent-1\n'+b'a'*64+b'\n').hexdigest()[:32])"
        assertThat(ArtifactId.of("agent-1", SHA, null)).isEqualTo("art_902a504976c142a85aa2896adb2b32c6");
        assertThat(ArtifactId.of("agent-1", SHA, "msg-1")).isEqualTo("art_01fc3fefa8bcca9dc63a05a4cebe9f79");
        assertThat(ArtifactId.of("agent-1", SHA, "")).isEqualTo(ArtifactId.of("agent-1", SHA, null));
    }

    @Test
    void sameInputsSameIdOtherInputsOtherIdsAndAlwaysWellFormed() {
        Random random = new Random(7);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String agent = "agent-" + random.nextInt(50);
            String sha = String.format("%064x", new java.math.BigInteger(250, random));
            String message = random.nextBoolean() ? null : "msg-" + random.nextInt(50);
            String id = ArtifactId.of(agent, sha, message);
            assertThat(ArtifactId.of(agent, sha, message)).isEqualTo(id);
            assertThat(ArtifactId.isWellFormed(id)).as(id).isTrue();
            ids.add(agent + "|" + sha + "|" + message + "=" + id);
        }
        assertThat(ids.stream()
                        .map(s -> s.substring(s.indexOf('=') + 1))
                        .distinct()
                        .count())
                .isEqualTo(ids.size());
        assertThat(ArtifactId.addedEventId("art_x")).isNotEqualTo(ArtifactId.removedEventId("art_x"));
    }

    @Test
    void shapesAreCheckedByHand() {
        assertThat(ArtifactId.isWellFormed("art_" + "0".repeat(32))).isTrue();
        for (String bad : new String[] {
            null,
            "",
            "art_",
            "art_" + "0".repeat(31),
            "art_" + "A".repeat(32),
            "art-" + "0".repeat(32),
            "art_" + "0".repeat(31) + "\u0000"
        }) {
            assertThat(ArtifactId.isWellFormed(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThat(ArtifactRules.isSha256(SHA)).isTrue();
        assertThat(ArtifactRules.isSha256("A".repeat(64))).isFalse();
        assertThat(ArtifactRules.isSha256("a".repeat(63))).isFalse();
        assertThat(ArtifactRules.isSha256("g".repeat(64))).isFalse();
        assertThat(ArtifactRules.nameProblem("offering.png")).isNull();
        assertThat(ArtifactRules.nameProblem("x".repeat(201))).contains("200");
        assertThat(ArtifactRules.nameProblem("   ")).contains("blank");
        assertThat(ArtifactRules.nameProblem("evil\u202egnp.exe")).contains("bidirectional");
    }
}

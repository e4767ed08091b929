package org.sacredcouncil.emulator.cloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The local cloud's commands, one per line on standard input; each answers one line on standard output
 * that starts with {@code ok <command>} or {@code error <command>}, so a launcher can wait for it:
 * <pre>
 *   status                     the status table again
 *   reset                      topics/subscriptions made again, Firestore and the embedded database emptied
 *   tick                       publish a scheduler tick now
 *   stop postgres | start postgres     a database outage: stopped, data kept; same port and data again
 *   stop firestore | start firestore   the same for our Firestore emulator
 *   backlog                    unacknowledged messages per subscription, as JSON
 *   drain [seconds]            wait (default 30 s) until memory and wisdom have every event
 *   quit                       drain (bounded), then stop; what is still undelivered is reported as lost
 * </pre>
 */
public final class LocalCloudConsole {

    /** How long {@code quit} waits for the backlog to reach memory and wisdom before stopping anyway. */
    public static final Duration QUIT_DRAIN = Duration.ofSeconds(30);

    private final LocalCloud cloud;
    private final PrintStream out;
    private final Runnable quit;
    private final Runnable status;

    public LocalCloudConsole(LocalCloud cloud, PrintStream out, Runnable status, Runnable quit) {
        this.cloud = cloud;
        this.out = out;
        this.status = status;
        this.quit = quit;
    }

    /** Reads commands until the end of input (then the cloud keeps running until a signal). */
    public void run(InputStream in) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                execute(line.trim());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("local-cloud: console: " + e.getMessage());
        }
    }

    public void execute(String command) {
        if (command.isEmpty()) {
            return;
        }
        String[] words = command.split("\\s+");
        String verb = words.length > 1 && (words[0].equals("stop") || words[0].equals("start"))
                ? words[0] + " " + words[1]
                : words[0];
        try {
            switch (verb) {
                case "status" -> {
                    status.run();
                    reply(verb, "");
                }
                case "reset" -> {
                    cloud.reset();
                    reply(verb, "topics and subscriptions made again, Firestore and the embedded database emptied");
                }
                case "tick" -> reply(verb, "message " + cloud.publishTick());
                case "stop postgres" -> {
                    cloud.stopPostgres();
                    reply(verb, "PostgreSQL stopped, data kept");
                }
                case "start postgres" -> {
                    cloud.startPostgres();
                    reply(verb, "PostgreSQL running again");
                }
                case "stop firestore" -> {
                    cloud.stopFirestore();
                    reply(verb, "Firestore emulator stopped, documents kept");
                }
                case "start firestore" -> {
                    cloud.startFirestore();
                    reply(verb, "Firestore emulator serving again");
                }
                case "backlog" -> reply(verb, json(cloud.backlog()));
                case "drain" -> {
                    Duration bound = Duration.ofSeconds(words.length > 1 ? Long.parseLong(words[1]) : 30);
                    Map<String, Integer> left = cloud.awaitEventsDelivered(bound);
                    boolean done = left.values().stream().allMatch(n -> n == 0);
                    out.println((done ? "ok " : "error ") + "drain " + json(left));
                    out.flush();
                }
                case "quit", "exit" -> {
                    Map<String, Integer> left = cloud.awaitEventsDelivered(QUIT_DRAIN);
                    reply(verb, "stopping; undelivered " + json(left));
                    quit.run();
                }
                default -> {
                    out.println("error " + verb + " commands: status, reset, tick, stop|start postgres, "
                            + "stop|start firestore, backlog, drain [s], quit (or Ctrl-C)");
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            out.println("error " + verb + " " + e.getMessage());
            out.flush();
        }
    }

    private void reply(String verb, String detail) {
        out.println("ok " + verb + (detail.isEmpty() ? "" : " " + detail));
        out.flush();
    }

    static String json(Map<String, Integer> counts) {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return json.append('}').toString();
    }
}

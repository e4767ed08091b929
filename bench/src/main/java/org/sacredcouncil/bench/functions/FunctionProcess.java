package org.sacredcouncil.bench.functions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function in a JVM of its own, as Cloud Functions runs it: {@code java} + the Functions Framework
 * invoker, this benchmark's classpath, the local cloud's environment. Its CPU is read from {@code /proc}.
 */
final class FunctionProcess implements AutoCloseable {

    /** USER_HZ: the unit of utime and stime in /proc/[pid]/stat (100 on Linux unless the kernel says otherwise). */
    private static final double MILLIS_PER_TICK = 1000.0 / clockTicksPerSecond();

    final String target;
    final int port;
    final long startNanos;
    private final Process process;

    private FunctionProcess(String target, int port, long startNanos, Process process) {
        this.target = target;
        this.port = port;
        this.startNanos = startNanos;
        this.process = process;
    }

    static FunctionProcess start(String target, Map<String, String> environment, List<String> jvmOptions)
            throws IOException {
        return start(target, environment, jvmOptions, System.getProperty("java.class.path"));
    }

    /** Like {@link #start(String, Map, List)} on another classpath (a "before" build of the functions). */
    static FunctionProcess start(
            String target, Map<String, String> environment, List<String> jvmOptions, String classpath)
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        String jfrDir = System.getProperty("bench.jfrDir");
        if (jfrDir != null) {
            // -Dbench.jfrDir=DIR: a JFR recording (profile settings) of each function process, written on exit
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfrDir + File.separator
                    + target.substring(target.lastIndexOf('.') + 1) + "-" + System.nanoTime() + ".jfr");
        }
        command.addAll(List.of(
                "-cp",
                classpath,
                "com.google.cloud.functions.invoker.runner.Invoker",
                "--target",
                target,
                "--port",
                Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        return new FunctionProcess(target, port, start, pb.start());
    }

    /**
     * This JVM's classpath with the functions' classes replaced by {@code functionsClasses} (the
     * {@code target/classes} of another commit's build): the same libraries, the other code.
     */
    static String classpathWithFunctions(String functionsClasses) {
        String separator = File.pathSeparator;
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String entry : System.getProperty("java.class.path").split(separator)) {
            if (entry.replace('\\', '/').endsWith("functions/target/classes")) {
                out.add(functionsClasses);
                replaced = true;
            } else {
                out.add(entry);
            }
        }
        if (!replaced) {
            throw new IllegalStateException("no functions/target/classes on the classpath to replace");
        }
        return String.join(separator, out);
    }

    /** utime + stime of the process (all its threads), in milliseconds. */
    double cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        // the command name (field 2) may hold spaces: count fields from the closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * MILLIS_PER_TICK;
    }

    /**
     * CPU milliseconds per kind of thread (the thread's name with its numbers dropped: "C2 CompilerThread",
     * "qtp-" for Jetty's request threads, "grpc-default-worker-ELG--", "GC Thread#"...). Threads that ended
     * are not listed; their CPU is still in {@link #cpuMillis}.
     */
    Map<String, Double> cpuByThreadKind() throws IOException {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9]+", "");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
                out.merge(name, ms, Double::sum);
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}

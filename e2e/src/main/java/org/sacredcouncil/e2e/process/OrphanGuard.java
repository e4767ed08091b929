package org.sacredcouncil.e2e.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and exits the JVM when standard input reaches end of file. The launcher keeps a
 * pipe open to every process it starts; when the launcher dies for any reason (Ctrl-C, a failed test, kill
 * -9) the pipe closes and this JVM stops through its shutdown hooks, so no function, emulator or embedded
 * PostgreSQL outlives the stack.
 *
 * <p>What the launcher writes is passed on: the wrapped main reads it from {@link System#in} (the local
 * cloud takes its commands — {@code stop postgres}, {@code drain}, ... — that way).
 *
 * <p>Usage: {@code java -cp ... org.sacredcouncil.e2e.process.OrphanGuard <main class> [args...]}
 */
public final class OrphanGuard {

    private OrphanGuard() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: OrphanGuard <main class> [args...]");
            System.exit(2);
        }
        InputStream launcher = System.in;
        PipedInputStream forMain = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream toMain = new PipedOutputStream(forMain);
        System.setIn(forMain);
        Thread watcher = new Thread(() -> forwardUntilEndOfInput(launcher, forMain, toMain), "orphan-guard");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final int PIPE_BYTES = 64 * 1024;

    /**
     * Forwards to the main what fits in the pipe and drops the rest: a main that never reads its input must
     * not block this thread, whose one job is to see the end of input.
     */
    private static void forwardUntilEndOfInput(InputStream in, PipedInputStream forMain, PipedOutputStream toMain) {
        byte[] buffer = new byte[256];
        boolean mainReads = true;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (mainReads && PIPE_BYTES - forMain.available() >= n) {
                    try {
                        toMain.write(buffer, 0, n);
                        toMain.flush();
                    } catch (IOException notRead) {
                        mainReads = false; // the main does not read its input: keep watching for the end only
                    }
                }
            }
        } catch (IOException closed) {
            // same as end of input: the launcher is gone
        }
        System.exit(0);
    }
}

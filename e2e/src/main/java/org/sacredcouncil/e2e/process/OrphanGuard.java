package org.sacredcouncil.e2e.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and exits the JVM when standard input reaches end of file. The launcher keeps a
 * pipe open to every process it starts; when the launcher dies for any reason (Ctrl-C, a failed test, kill
 * -9) the pipe closes and this JVM stops through its shutdown hooks, so no function, emulator or embedded
 * PostgreSQL outlives the stack.
 *
 * <p>Usage: {@code java -cp ... org.sacredcouncil.e2e.process.OrphanGuard <main class> [args...]}
 */
public final class OrphanGuard {

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: OrphanGuard <main class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(OrphanGuard::exitAtEndOfInput, "orphan-guard");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitAtEndOfInput() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the launcher never writes; anything read is ignored
            }
        } catch (IOException closed) {
            // same as end of input: the launcher is gone
        }
        System.exit(0);
    }
}

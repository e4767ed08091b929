package org.sacredcouncil.e2e.process;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Functions Framework invoker 2.0.0, listening on 127.0.0.1 only. The invoker has no host option: it
 * builds its Jetty {@code ServerConnector} without a host, which binds every interface (checked in its
 * bytecode: {@code new ServerConnector(server)}, {@code setPort}, no {@code setHost}). On Cloud Run that is
 * right (the container's only interface); on a developer's machine it exposes a function to the network.
 *
 * <p>So this runs the invoker exactly as its {@code main} does (same options, same class loading, same
 * handlers), but on port 0 — an unannounced ephemeral port — and, once it has started, moves its one
 * connector to {@code 127.0.0.1:<--port>} before anything is told the function is up. For those few
 * milliseconds the wildcard socket listens on a port nobody knows; after that nothing but loopback.
 *
 * <p>Usage: the invoker's own arguments ({@code --target T --port P [--classpath CP]}).
 */
public final class LoopbackInvoker {

    static final String LOOPBACK = "127.0.0.1";

    private LoopbackInvoker() {}

    public static void main(String[] args) throws Exception {
        List<String> invokerArgs = new ArrayList<>();
        int port = 8080;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = Integer.parseInt(args[i].substring("--port=".length()));
            } else {
                invokerArgs.add(args[i]);
            }
        }
        invokerArgs.add("--port");
        invokerArgs.add("0");
        Invoker invoker = makeInvoker(invokerArgs.toArray(String[]::new));
        invoker.startTestServer(); // starts Jetty and returns (startServer() would join it)
        Server server = jettyOf(invoker);
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector http) {
                http.stop();
                http.setHost(LOOPBACK);
                http.setPort(port);
                http.start();
            }
        }
        System.out.println(
                "{\"severity\":\"INFO\",\"message\":\"invoker listening on " + LOOPBACK + ":" + port + " only\"}");
        server.join();
    }

    /** The invoker's own option parsing and class loading ({@code Invoker.makeInvoker}, what {@code main} calls). */
    @SuppressWarnings("unchecked")
    private static Invoker makeInvoker(String[] args) throws Exception {
        Method make = Invoker.class.getDeclaredMethod("makeInvoker", String[].class);
        make.setAccessible(true);
        Optional<Invoker> invoker = (Optional<Invoker>) make.invoke(null, (Object) args);
        return invoker.orElseThrow(() -> new IllegalArgumentException("invoker: bad arguments (usage printed above)"));
    }

    private static Server jettyOf(Invoker invoker) throws ReflectiveOperationException {
        Field server = Invoker.class.getDeclaredField("server");
        server.setAccessible(true);
        return (Server) server.get(invoker);
    }
}

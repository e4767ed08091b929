package org.sacredcouncil.bench.functions;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The baseline of the function benchmarks: the smallest HttpFunction on the same invoker. */
public final class HelloFunction implements HttpFunction {

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        request.getInputStream().readAllBytes();
        response.setContentType("application/json");
        response.getWriter().write("{\"hello\":\"world\"}");
    }
}

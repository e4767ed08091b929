package org.sacredcouncil.functions.bench;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The cold-start baseline: the smallest HttpFunction on the same invoker. */
public final class HelloFunction implements HttpFunction {

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        response.getWriter().write("hello");
    }
}

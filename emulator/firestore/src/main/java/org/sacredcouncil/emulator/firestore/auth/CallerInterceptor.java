package org.sacredcouncil.emulator.firestore.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Puts the request's {@link Caller} into the gRPC context. */
public final class CallerInterceptor implements ServerInterceptor {
    public static final Context.Key<Caller> CALLER = Context.key("firestore-caller");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller;
        try {
            caller = BearerTokens.callerOf(headers.get(AUTHORIZATION));
        } catch (BearerTokens.InvalidTokenException e) {
            call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    public static Caller current() {
        Caller c = CALLER.get();
        return c == null ? Caller.ANONYMOUS : c;
    }
}

package org.sacredcouncil.emulator.firestore.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's REST surface that tools use: {@code GET /} → {@code Ok} (readiness),
 * {@code DELETE /emulator/v1/projects/P/databases/D/documents} (drop all documents of a database) and
 * {@code PUT /emulator/v1/projects/P:securityRules} (replace the rules, as rules-unit-testing does) and
 * {@code POST /emulator/v1/projects/P:export} (what {@code firebase emulators:export} calls).
 */
public final class RestEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Pattern RESET = Pattern.compile("/emulator/v1/(projects/[^/]+/databases/[^/]+)/documents/?");
    private static final Pattern RULES = Pattern.compile("/emulator/v1/projects/([^/:]+):securityRules");
    private static final Pattern EXPORT = Pattern.compile("/emulator/v1/projects/([^/:]+):export");
    private final Consumer<String> resetDatabase;
    private final Function<String, String> replaceRules;
    private final java.util.function.BiFunction<String, String, String> export;

    /**
     * @param replaceRules takes the JSON body of {@code PUT /emulator/v1/projects/P:securityRules}
     *        and returns null when the rules were loaded, or the error message
     */
    public RestEndpoints(Consumer<String> resetDatabase, Function<String, String> replaceRules) {
        this(resetDatabase, replaceRules, (project, body) -> "export is not served here");
    }

    /**
     * @param export takes the project and the JSON body of {@code POST /emulator/v1/projects/P:export}
     *        and returns null when the export was written, or the error message
     */
    public RestEndpoints(
            Consumer<String> resetDatabase,
            Function<String, String> replaceRules,
            java.util.function.BiFunction<String, String, String> export) {
        this.resetDatabase = resetDatabase;
        this.replaceRules = replaceRules;
        this.export = export;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = URLDecoder.decode(req.uri().split("\\?", 2)[0], StandardCharsets.UTF_8);
        FullHttpResponse res;
        if (req.method().equals(HttpMethod.GET) && path.equals("/")) {
            res = text(HttpResponseStatus.OK, "Ok\n", "text/plain");
        } else if (RULES.matcher(path).matches() && req.method().equals(HttpMethod.PUT)) {
            String error = replaceRules.apply(req.content().toString(StandardCharsets.UTF_8));
            res = error == null
                    ? text(HttpResponseStatus.OK, "{}\n", "application/json")
                    : text(
                            HttpResponseStatus.BAD_REQUEST,
                            "{\"error\":{\"code\":400,\"message\":" + jsonString(error)
                                    + ",\"status\":\"INVALID_ARGUMENT\"}}\n",
                            "application/json");
        } else if (EXPORT.matcher(path).matches() && req.method().equals(HttpMethod.POST)) {
            Matcher e = EXPORT.matcher(path);
            e.matches();
            String error = export.apply(e.group(1), req.content().toString(StandardCharsets.UTF_8));
            res = error == null
                    ? text(HttpResponseStatus.OK, "{}\n", "application/json")
                    : text(
                            HttpResponseStatus.BAD_REQUEST,
                            "{\"error\":{\"code\":400,\"message\":" + jsonString(error)
                                    + ",\"status\":\"INVALID_ARGUMENT\"}}\n",
                            "application/json");
        } else {
            Matcher m = RESET.matcher(path);
            if (m.matches() && req.method().equals(HttpMethod.DELETE)) {
                resetDatabase.accept(m.group(1));
                res = text(HttpResponseStatus.OK, "{}\n", "application/json");
            } else if (m.matches()) {
                res = text(
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "{\"error\":{\"code\":405,\"message\":\"use DELETE\"}}\n",
                        "application/json");
            } else {
                res = text(
                        HttpResponseStatus.NOT_FOUND,
                        "{\"error\":{\"code\":404,\"message\":\"Not found: " + path.replace("\"", "") + "\"}}\n",
                        "application/json");
            }
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A JSON string literal, escaped by protobuf's JSON printer (already used for the rules upload). */
    private static String jsonString(String s) {
        try {
            return JsonFormat.printer()
                    .print(Value.newBuilder().setStringValue(s).build());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a string value always prints", e);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}

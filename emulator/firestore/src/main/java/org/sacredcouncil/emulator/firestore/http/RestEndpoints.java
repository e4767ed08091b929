package org.sacredcouncil.emulator.firestore.http;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's REST surface that tools use: {@code GET /} → {@code Ok} (readiness) and
 * {@code DELETE /emulator/v1/projects/P/databases/D/documents} (drop all documents of a database).
 */
public final class RestEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Pattern RESET = Pattern.compile("/emulator/v1/(projects/[^/]+/databases/[^/]+)/documents/?");
    private final Consumer<String> resetDatabase;

    public RestEndpoints(Consumer<String> resetDatabase) {
        this.resetDatabase = resetDatabase;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = URLDecoder.decode(req.uri().split("\\?", 2)[0], StandardCharsets.UTF_8);
        FullHttpResponse res;
        if (req.method().equals(HttpMethod.GET) && path.equals("/")) {
            res = text(HttpResponseStatus.OK, "Ok\n", "text/plain");
        } else {
            Matcher m = RESET.matcher(path);
            if (m.matches() && req.method().equals(HttpMethod.DELETE)) {
                resetDatabase.accept(m.group(1));
                res = text(HttpResponseStatus.OK, "{}\n", "application/json");
            } else if (m.matches()) {
                res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"error\":{\"code\":405,\"message\":\"use DELETE\"}}\n",
                        "application/json");
            } else {
                res = text(HttpResponseStatus.NOT_FOUND, "{\"error\":{\"code\":404,\"message\":\"Not found: "
                        + path.replace("\"", "") + "\"}}\n", "application/json");
            }
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
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

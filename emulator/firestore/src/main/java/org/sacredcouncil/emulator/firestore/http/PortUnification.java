package org.sacredcouncil.emulator.firestore.http;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelPipeline;
import io.grpc.netty.shaded.io.netty.handler.codec.ByteToMessageDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpObjectAggregator;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * gRPC and the emulator's REST endpoints on one port, like Google's emulator: the first bytes of a
 * connection decide. The HTTP/2 preface ("PRI * HTTP/2.0") goes on to gRPC's plaintext negotiation;
 * anything else is HTTP/1.1 and gets an HTTP codec and the REST handler.
 */
public final class PortUnification implements InternalProtocolNegotiator.ProtocolNegotiator {
    private final InternalProtocolNegotiator.ProtocolNegotiator grpc = InternalProtocolNegotiators.serverPlaintext();
    private final Supplier<ChannelHandler> rest;

    public PortUnification(Supplier<ChannelHandler> rest) {
        this.rest = rest;
    }

    @Override
    public AsciiString scheme() {
        return grpc.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler handler) {
        return new Detector(grpc.newHandler(handler));
    }

    @Override
    public void close() {
        grpc.close();
    }

    private final class Detector extends ByteToMessageDecoder {
        private final ChannelHandler grpcNegotiation;
        private final List<Object> heldEvents = new ArrayList<>();
        private boolean decided;

        Detector(ChannelHandler grpcNegotiation) {
            this.grpcNegotiation = grpcNegotiation;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (decided) {
                ctx.fireUserEventTriggered(evt);
            } else {
                heldEvents.add(evt);
            }
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 3) {
                return;
            }
            int i = in.readerIndex();
            boolean http2 = in.getByte(i) == 'P' && in.getByte(i + 1) == 'R' && in.getByte(i + 2) == 'I';
            ChannelPipeline p = ctx.pipeline();
            decided = true;
            if (http2) {
                p.addAfter(ctx.name(), null, grpcNegotiation);
                for (Object evt : heldEvents) {
                    ctx.fireUserEventTriggered(evt);
                }
            } else {
                String codec = ctx.name() + "-http";
                p.addAfter(ctx.name(), codec, new HttpServerCodec());
                p.addAfter(codec, codec + "-agg", new HttpObjectAggregator(1 << 20));
                p.addAfter(codec + "-agg", codec + "-rest", rest.get());
            }
            heldEvents.clear();
            p.remove(this);
        }
    }
}

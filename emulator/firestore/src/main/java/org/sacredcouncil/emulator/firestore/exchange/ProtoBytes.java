package org.sacredcouncil.emulator.firestore.exchange;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Hand-written protobuf messages (the export's protos have no generated classes here): body → bytes. */
final class ProtoBytes {
    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private ProtoBytes() {}

    static byte[] of(Body body) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            body.write(out);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

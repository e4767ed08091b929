package org.sacredcouncil.emulator.firestore.exchange;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The two metadata files of a Datastore-style export, as Google's emulator writes them (read back from
 * its bytes; the field meanings beyond the paths and counts are not documented, so the constants are
 * copied as found):
 * <ul>
 *   <li>{@code NAME.overall_export_metadata}: a LevelDB log of two records, the format marker "3" and
 *       a proto with one entry per kind-metadata file: {1: {1: 2, 3: 3}, 2: its path relative to the
 *       overall file, 3: entities, 4: bytes of its outputs}. An empty export has no entry and no other
 *       file.
 *   <li>{@code all_namespaces_all_kinds.export_metadata}: a bare proto (no log framing):
 *       {1: {1: export name, 2: start, 3: end (epoch microseconds)}, 2: {1: "", 2: output file name}}
 *       with one field-2 entry per output file, relative to it.
 * </ul>
 */
final class ExportMetadata {
    static final byte[] FORMAT_MARKER = {'3'};

    /** One kind-metadata file named by the overall metadata. */
    record KindEntry(String path, long entities, long bytes) {}

    private ExportMetadata() {}

    static byte[] overall(List<KindEntry> kinds) {
        return ProtoBytes.of(out -> {
            for (KindEntry k : kinds) {
                out.writeByteArray(1, ProtoBytes.of(e -> {
                    e.writeByteArray(1, ProtoBytes.of(selector -> {
                        selector.writeInt32(1, 2);
                        selector.writeInt32(3, 3);
                    }));
                    e.writeString(2, k.path());
                    e.writeInt64(3, k.entities());
                    e.writeInt64(4, k.bytes());
                }));
            }
        });
    }

    static List<String> kindPaths(byte[] overall) throws IOException {
        List<String> paths = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(overall);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream entry = CodedInputStream.newInstance(in.readByteArray());
            for (int t = entry.readTag(); t != 0; t = entry.readTag()) {
                if (WireFormat.getTagFieldNumber(t) == 2) {
                    paths.add(entry.readStringRequireUtf8());
                } else {
                    entry.skipField(t);
                }
            }
        }
        return paths;
    }

    static byte[] kind(String exportName, long startMicros, long endMicros, List<String> outputs) {
        return ProtoBytes.of(out -> {
            out.writeByteArray(1, ProtoBytes.of(info -> {
                info.writeString(1, exportName);
                info.writeInt64(2, startMicros);
                info.writeInt64(3, endMicros);
            }));
            for (String o : outputs) {
                out.writeByteArray(2, ProtoBytes.of(file -> {
                    file.writeString(1, "");
                    file.writeString(2, o);
                }));
            }
        });
    }

    static List<String> outputs(byte[] kind) throws IOException {
        List<String> outputs = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(kind);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 2) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream file = CodedInputStream.newInstance(in.readByteArray());
            for (int t = file.readTag(); t != 0; t = file.readTag()) {
                if (WireFormat.getTagFieldNumber(t) == 2) {
                    outputs.add(file.readStringRequireUtf8());
                } else {
                    file.skipField(t);
                }
            }
        }
        return outputs;
    }
}

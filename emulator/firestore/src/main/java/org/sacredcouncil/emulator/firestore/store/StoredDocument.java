package org.sacredcouncil.emulator.firestore.store;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.Fields;

/** One immutable version of a document. */
public record StoredDocument(ResourceName name, Map<String, Value> fields, Timestamp createTime, Timestamp updateTime) {

    public Document toProto() {
        return Document.newBuilder()
                .setName(name.name())
                .putAllFields(fields)
                .setCreateTime(createTime)
                .setUpdateTime(updateTime)
                .build();
    }

    public Document toProto(List<FieldPath> mask) {
        if (mask == null) {
            return toProto();
        }
        return Document.newBuilder()
                .setName(name.name())
                .putAllFields(Fields.project(fields, mask))
                .setCreateTime(createTime)
                .setUpdateTime(updateTime)
                .build();
    }
}

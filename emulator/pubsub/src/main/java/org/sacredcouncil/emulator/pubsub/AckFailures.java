package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/**
 * How an exactly-once subscription reports ack ids it could not honour: the call fails with
 * INVALID_ARGUMENT carrying an {@code ErrorInfo} (reason {@code EXACTLY_ONCE_ACKID_FAILURE}) whose
 * metadata maps each failed ack id to {@code PERMANENT_FAILURE_INVALID_ACK_ID}. The official clients read
 * that map: the ack future of such a message ends INVALID, every other ack id of the request SUCCESSFUL.
 */
final class AckFailures {

    static final String REASON = "EXACTLY_ONCE_ACKID_FAILURE";
    static final String INVALID_ACK_ID = "PERMANENT_FAILURE_INVALID_ACK_ID";

    private AckFailures() {}

    static StatusRuntimeException invalidAckIds(List<String> ackIds) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(REASON).setDomain("pubsub.googleapis.com");
        for (String ackId : ackIds) {
            info.putMetadata(ackId, INVALID_ACK_ID);
        }
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("Some acknowledgement ids in the request were invalid (expired, already"
                        + " acknowledged, or never issued); see the error details.")
                .addDetails(Any.pack(info.build()))
                .build());
    }
}

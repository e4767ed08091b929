package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.Empty;
import com.google.pubsub.v1.CommitSchemaRequest;
import com.google.pubsub.v1.CreateSchemaRequest;
import com.google.pubsub.v1.DeleteSchemaRequest;
import com.google.pubsub.v1.DeleteSchemaRevisionRequest;
import com.google.pubsub.v1.GetSchemaRequest;
import com.google.pubsub.v1.ListSchemaRevisionsRequest;
import com.google.pubsub.v1.ListSchemaRevisionsResponse;
import com.google.pubsub.v1.ListSchemasRequest;
import com.google.pubsub.v1.ListSchemasResponse;
import com.google.pubsub.v1.RollbackSchemaRequest;
import com.google.pubsub.v1.Schema;
import com.google.pubsub.v1.SchemaServiceGrpc;
import com.google.pubsub.v1.SchemaView;
import com.google.pubsub.v1.ValidateMessageRequest;
import com.google.pubsub.v1.ValidateMessageResponse;
import com.google.pubsub.v1.ValidateSchemaRequest;
import com.google.pubsub.v1.ValidateSchemaResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.sacredcouncil.emulator.pubsub.schema.SchemaRegistry;

/** google.pubsub.v1.SchemaService over the broker's {@link SchemaRegistry}. */
final class SchemaService extends SchemaServiceGrpc.SchemaServiceImplBase {

    private final Broker broker;

    SchemaService(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void createSchema(CreateSchemaRequest request, StreamObserver<Schema> out) {
        UnaryCalls.run(
                out,
                () -> broker.schemaChange(() ->
                        broker.schemas().create(request.getParent(), request.getSchemaId(), request.getSchema())));
    }

    @Override
    public void getSchema(GetSchemaRequest request, StreamObserver<Schema> out) {
        // unset view: every field (GetSchemaRequest.view)
        UnaryCalls.run(
                out,
                () -> view(
                        broker.schemas().get(request.getName()),
                        request.getView() == SchemaView.BASIC ? SchemaView.BASIC : SchemaView.FULL));
    }

    @Override
    public void listSchemas(ListSchemasRequest request, StreamObserver<ListSchemasResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<Schema> page = Page.of(
                    broker.schemas().list(request.getParent()),
                    Schema::getName,
                    request.getPageSize(),
                    request.getPageToken());
            return ListSchemasResponse.newBuilder()
                    .addAllSchemas(views(page.items(), listView(request.getView())))
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void listSchemaRevisions(
            ListSchemaRevisionsRequest request, StreamObserver<ListSchemaRevisionsResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<Schema> page = Page.of(
                    broker.schemas().revisions(request.getName()),
                    Schema::getRevisionId,
                    request.getPageSize(),
                    request.getPageToken());
            return ListSchemaRevisionsResponse.newBuilder()
                    .addAllSchemas(views(page.items(), listView(request.getView())))
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void commitSchema(CommitSchemaRequest request, StreamObserver<Schema> out) {
        UnaryCalls.run(
                out, () -> broker.schemaChange(() -> broker.schemas().commit(request.getName(), request.getSchema())));
    }

    @Override
    public void rollbackSchema(RollbackSchemaRequest request, StreamObserver<Schema> out) {
        UnaryCalls.run(
                out,
                () -> broker.schemaChange(() -> broker.schemas().rollback(request.getName(), request.getRevisionId())));
    }

    @Override
    @SuppressWarnings("deprecation")
    public void deleteSchemaRevision(DeleteSchemaRevisionRequest request, StreamObserver<Schema> out) {
        UnaryCalls.run(
                out,
                () -> broker.schemaChange(
                        () -> broker.schemas().deleteRevision(request.getName(), request.getRevisionId())));
    }

    @Override
    public void deleteSchema(DeleteSchemaRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            broker.deleteSchema(request.getName());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void validateSchema(ValidateSchemaRequest request, StreamObserver<ValidateSchemaResponse> out) {
        UnaryCalls.run(out, () -> {
            ResourceNames.requireProject(request.getParent());
            SchemaRegistry.validate(request.getSchema());
            return ValidateSchemaResponse.getDefaultInstance();
        });
    }

    @Override
    public void validateMessage(ValidateMessageRequest request, StreamObserver<ValidateMessageResponse> out) {
        UnaryCalls.run(out, () -> {
            ResourceNames.requireProject(request.getParent());
            broker.schemas()
                    .validateMessage(
                            request.getName(),
                            request.getSchema(),
                            request.getMessage().toByteArray(),
                            request.getEncoding());
            return ValidateMessageResponse.getDefaultInstance();
        });
    }

    /** Unset in a list: without the definition (ListSchemasRequest.view). */
    private static SchemaView listView(SchemaView view) {
        return view == SchemaView.FULL ? SchemaView.FULL : SchemaView.BASIC;
    }

    private static List<Schema> views(List<Schema> schemas, SchemaView view) {
        return schemas.stream().map(s -> view(s, view)).toList();
    }

    private static Schema view(Schema schema, SchemaView view) {
        return view == SchemaView.BASIC ? schema.toBuilder().clearDefinition().build() : schema;
    }
}

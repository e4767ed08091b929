package org.sacredcouncil.functions.store;

/**
 * The deploy-time migration step (Terraform's {@code terraform_data.schema_migration}, before the functions are
 * replaced): runs the Flyway migrations of {@code db/migration} against the database the functions use (the
 * same variables: {@code CLOUD_SQL_INSTANCE}, {@code DB_NAME}, {@code DB_USER}, {@code DB_PASSWORD}, or
 * {@code DATABASE_URL} locally), so that no function instance runs Flyway in its cold start
 * ({@code DB_MIGRATIONS=deploy}). Migrations only add (columns, tables, indexes), so the functions still
 * running the previous code keep working on the migrated schema. Exit status: 0 migrated, 1 failed.
 */
public final class SchemaMigrationMain {

    private SchemaMigrationMain() {}

    public static void main(String[] args) {
        try (Database database = Database.fromConfig()) {
            database.migrate();
            System.out.println("schema at version " + database.schemaVersion() + " (this code needs "
                    + Database.LATEST_SCHEMA_VERSION + ")");
        } catch (Exception e) {
            System.err.println("schema migration failed: " + e);
            System.exit(1);
        }
    }
}

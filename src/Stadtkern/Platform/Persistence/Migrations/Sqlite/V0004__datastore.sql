-- Datastore: metadata of the per-resource tables (datastore_<resource id without dashes>, created at run time
-- with typed columns) and the load jobs of uploads (progress, counts, the first rejected rows).
CREATE TABLE "datastore_tables" (
    "resource_id" TEXT NOT NULL CONSTRAINT "pk_datastore_tables" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "table_name" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "modified" INTEGER NOT NULL
);

CREATE TABLE "datastore_load_jobs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_datastore_load_jobs" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "file_key" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "encoding" TEXT NULL,
    "delimiter" TEXT NULL,
    "schema" TEXT NULL,
    "rows_read" INTEGER NOT NULL,
    "rows_loaded" INTEGER NOT NULL,
    "rows_rejected" INTEGER NOT NULL,
    "bytes_read" INTEGER NOT NULL,
    "bytes_total" INTEGER NOT NULL,
    "errors" TEXT NOT NULL,
    "message" TEXT NULL,
    "created_by" TEXT NOT NULL,
    "created" INTEGER NOT NULL,
    "started" INTEGER NULL,
    "finished" INTEGER NULL
);

CREATE INDEX "ix_datastore_load_jobs_resource_id_created" ON "datastore_load_jobs" ("resource_id", "created");
CREATE INDEX "ix_datastore_tables_tenant_id" ON "datastore_tables" ("tenant_id");

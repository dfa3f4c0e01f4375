-- Harvesting: sources per tenant, runs (claimed atomically; one active run per source), per-record errors,
-- and what each source record became here (for unchanged detection and deletions).

CREATE TABLE "catalog_harvest_sources" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_harvest_sources" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "organization_name" TEXT NULL,
    "interval_minutes" INTEGER NULL,
    "enabled" INTEGER NOT NULL,
    "high_water_mark" INTEGER NULL,
    "allow_private_network" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "modified" INTEGER NOT NULL
);
CREATE TABLE "catalog_harvest_runs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_harvest_runs" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "triggered_by" TEXT NOT NULL,
    "queued" INTEGER NOT NULL,
    "started" INTEGER NULL,
    "finished" INTEGER NULL,
    "created" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "deleted" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "pages_done" INTEGER NOT NULL,
    "pages_total" INTEGER NULL,
    "records_done" INTEGER NOT NULL,
    "records_total" INTEGER NULL,
    "cancel_requested" INTEGER NOT NULL,
    "cursor" TEXT NULL,
    "since" INTEGER NULL,
    "max_modified" INTEGER NULL,
    "lease_owner" TEXT NULL,
    "heartbeat" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "message" TEXT NULL,
    CONSTRAINT "fk_catalog_harvest_runs_catalog_harvest_sources_source_id" FOREIGN KEY ("source_id") REFERENCES "catalog_harvest_sources" ("id") ON DELETE CASCADE
);
CREATE TABLE "catalog_harvest_run_errors" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_harvest_run_errors" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "record_identifier" TEXT NULL,
    "message" TEXT NOT NULL,
    "occurred" INTEGER NOT NULL,
    CONSTRAINT "fk_catalog_harvest_run_errors_catalog_harvest_runs_run_id" FOREIGN KEY ("run_id") REFERENCES "catalog_harvest_runs" ("id") ON DELETE CASCADE
);
CREATE TABLE "catalog_harvest_records" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_harvest_records" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "source_modified" INTEGER NULL,
    "fingerprint" TEXT NOT NULL,
    "last_seen_run_id" TEXT NULL,
    "harvested" INTEGER NOT NULL,
    CONSTRAINT "fk_catalog_harvest_records_catalog_datasets_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "catalog_datasets" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_catalog_harvest_records_catalog_harvest_sources_source_id" FOREIGN KEY ("source_id") REFERENCES "catalog_harvest_sources" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_catalog_harvest_records_dataset_id" ON "catalog_harvest_records" ("dataset_id");
CREATE UNIQUE INDEX "ix_catalog_harvest_records_source_id_identifier" ON "catalog_harvest_records" ("source_id", "identifier");
CREATE INDEX "ix_catalog_harvest_run_errors_run_id" ON "catalog_harvest_run_errors" ("run_id");
CREATE INDEX "ix_catalog_harvest_runs_source_id_queued" ON "catalog_harvest_runs" ("source_id", "queued");
CREATE INDEX "ix_catalog_harvest_runs_status_heartbeat" ON "catalog_harvest_runs" ("status", "heartbeat");
CREATE UNIQUE INDEX "ux_catalog_harvest_runs_active" ON "catalog_harvest_runs" ("source_id") WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX "ix_catalog_harvest_sources_tenant_id_name" ON "catalog_harvest_sources" ("tenant_id", "name");


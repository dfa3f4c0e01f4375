-- Catalog core: organisations, groups, datasets, resources, facets, activity stream, settings.
-- Search: an FTS5 index over title and search text with the dataset table as external content,
-- kept in step by triggers in the same transaction as the row, so search cannot drift from the data.
-- (It refers to the table's implicit rowid; `catalog reindex` rebuilds it should a VACUUM ever renumber rows.)

CREATE TABLE "catalog_activities" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_activities" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL
);

CREATE TABLE "catalog_groups" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_groups" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NULL,
    "image_url" TEXT NULL,
    "created" INTEGER NOT NULL
);

CREATE TABLE "catalog_organizations" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_organizations" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NULL,
    "email" TEXT NULL,
    "homepage" TEXT NULL,
    "image_url" TEXT NULL,
    "department_key" TEXT NULL,
    "created" INTEGER NOT NULL
);

CREATE TABLE "catalog_settings" (
    "tenant_id" TEXT NOT NULL CONSTRAINT "pk_catalog_settings" PRIMARY KEY,
    "contributor_id" TEXT NULL,
    "title" TEXT NULL,
    "description" TEXT NULL,
    "minimum_quality" INTEGER NOT NULL
);

CREATE TABLE "catalog_datasets" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_datasets" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "notes" TEXT NULL,
    "organization_id" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "themes" TEXT NOT NULL,
    "license_id" TEXT NULL,
    "license_attribution" TEXT NULL,
    "contact_name" TEXT NULL,
    "contact_email" TEXT NULL,
    "contact_url" TEXT NULL,
    "landing_page" TEXT NULL,
    "temporal_start" TEXT NULL,
    "temporal_end" TEXT NULL,
    "spatial_geo_json" TEXT NULL,
    "min_lon" REAL NULL,
    "min_lat" REAL NULL,
    "max_lon" REAL NULL,
    "max_lat" REAL NULL,
    "political_geocoding_uri" TEXT NULL,
    "frequency" TEXT NULL,
    "issued" INTEGER NOT NULL,
    "modified" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "access" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "modified_by" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "quality" INTEGER NOT NULL,
    "harvest_source_id" TEXT NULL,
    "harvest_identifier" TEXT NULL,
    "extras" TEXT NULL,
    CONSTRAINT "fk_catalog_datasets_catalog_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "catalog_organizations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "catalog_dataset_facets" (
    "dataset_id" TEXT NOT NULL,
    "facet" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    CONSTRAINT "pk_catalog_dataset_facets" PRIMARY KEY ("dataset_id", "facet", "value"),
    CONSTRAINT "fk_catalog_dataset_facets_catalog_datasets_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "catalog_datasets" ("id") ON DELETE CASCADE
);

CREATE TABLE "catalog_dataset_groups" (
    "dataset_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    CONSTRAINT "pk_catalog_dataset_groups" PRIMARY KEY ("dataset_id", "group_id"),
    CONSTRAINT "fk_catalog_dataset_groups_catalog_datasets_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "catalog_datasets" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_catalog_dataset_groups_catalog_groups_group_id" FOREIGN KEY ("group_id") REFERENCES "catalog_groups" ("id") ON DELETE CASCADE
);

CREATE TABLE "catalog_resources" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_resources" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NULL,
    "media_type" TEXT NULL,
    "size" INTEGER NULL,
    "checksum" TEXT NULL,
    "storage_key" TEXT NULL,
    "datastore_active" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "modified" INTEGER NOT NULL,
    CONSTRAINT "fk_catalog_resources_catalog_datasets_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "catalog_datasets" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_catalog_activities_dataset_id_version" ON "catalog_activities" ("dataset_id", "version");

CREATE INDEX "ix_catalog_activities_tenant_id_occurred_at" ON "catalog_activities" ("tenant_id", "occurred_at");

CREATE INDEX "ix_catalog_dataset_facets_tenant_id_facet_value_dataset_id" ON "catalog_dataset_facets" ("tenant_id", "facet", "value", "dataset_id");

CREATE INDEX "ix_catalog_dataset_groups_group_id" ON "catalog_dataset_groups" ("group_id");

CREATE INDEX "ix_catalog_datasets_harvest" ON "catalog_datasets" ("tenant_id", "harvest_source_id", "harvest_identifier");

CREATE INDEX "ix_catalog_datasets_organization_id" ON "catalog_datasets" ("organization_id");

CREATE INDEX "ix_catalog_datasets_tenant_id_modified" ON "catalog_datasets" ("tenant_id", "modified");

CREATE UNIQUE INDEX "ix_catalog_datasets_tenant_id_name" ON "catalog_datasets" ("tenant_id", "name");

CREATE UNIQUE INDEX "ix_catalog_groups_tenant_id_name" ON "catalog_groups" ("tenant_id", "name");

CREATE UNIQUE INDEX "ix_catalog_organizations_tenant_id_name" ON "catalog_organizations" ("tenant_id", "name");

CREATE INDEX "ix_catalog_resources_dataset_id_position" ON "catalog_resources" ("dataset_id", "position");

CREATE VIRTUAL TABLE catalog_datasets_fts USING fts5(
    title, search_text, content='catalog_datasets', tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER catalog_datasets_fts_insert AFTER INSERT ON catalog_datasets BEGIN
    INSERT INTO catalog_datasets_fts(rowid, title, search_text) VALUES (new.rowid, new.title, new.search_text);
END;

CREATE TRIGGER catalog_datasets_fts_delete AFTER DELETE ON catalog_datasets BEGIN
    INSERT INTO catalog_datasets_fts(catalog_datasets_fts, rowid, title, search_text) VALUES ('delete', old.rowid, old.title, old.search_text);
END;

CREATE TRIGGER catalog_datasets_fts_update AFTER UPDATE OF title, search_text ON catalog_datasets BEGIN
    INSERT INTO catalog_datasets_fts(catalog_datasets_fts, rowid, title, search_text) VALUES ('delete', old.rowid, old.title, old.search_text);
    INSERT INTO catalog_datasets_fts(rowid, title, search_text) VALUES (new.rowid, new.title, new.search_text);
END;

CREATE INDEX ix_catalog_datasets_bbox ON catalog_datasets (tenant_id, min_lon, max_lon, min_lat, max_lat) WHERE min_lon IS NOT NULL;

-- Totals of what a caller may see (active, by access level) are answered from this index alone.
CREATE INDEX ix_catalog_datasets_visible ON catalog_datasets (tenant_id, access, modified) WHERE state = 'active';

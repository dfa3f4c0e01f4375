-- Data marketplace: access requests, grants and the audit log of every decision about restricted data.
-- The audit log has no foreign key to the dataset on purpose: it outlives the dataset (it keeps the name).
-- One open request per requester and dataset: partial unique indexes (NULL requester ids never collide).

CREATE TABLE "catalog_access_audit" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_access_audit" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "at" INTEGER NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "dataset_name" TEXT NOT NULL,
    "resource_id" TEXT NULL,
    "user_id" TEXT NULL,
    "token_id" TEXT NULL,
    "use" TEXT NOT NULL,
    "allowed" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "grant_id" TEXT NULL
);

CREATE TABLE "catalog_access_grants" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_access_grants" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "grantee_kind" TEXT NOT NULL,
    "grantee_id" TEXT NOT NULL,
    "request_id" TEXT NULL,
    "granted_by" TEXT NOT NULL,
    "conditions" TEXT NULL,
    "valid_from" INTEGER NOT NULL,
    "valid_until" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    "revoked_by" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_catalog_access_grants_catalog_datasets_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "catalog_datasets" ("id") ON DELETE CASCADE
);

CREATE TABLE "catalog_access_requests" (
    "id" TEXT NOT NULL CONSTRAINT "pk_catalog_access_requests" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "requester_user_id" TEXT NULL,
    "requester_token_id" TEXT NULL,
    "for_tenant_id" TEXT NULL,
    "organization" TEXT NULL,
    "purpose" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "decided_at" INTEGER NULL,
    "decided_by" TEXT NULL,
    "decision_note" TEXT NULL,
    "conditions" TEXT NULL,
    "expires_at" INTEGER NULL,
    "grant_id" TEXT NULL,
    CONSTRAINT "fk_catalog_access_requests_catalog_datasets_dataset_id" FOREIGN KEY ("dataset_id") REFERENCES "catalog_datasets" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_catalog_access_audit_tenant_id_at" ON "catalog_access_audit" ("tenant_id", "at");

CREATE INDEX "ix_catalog_access_audit_tenant_id_dataset_id_at" ON "catalog_access_audit" ("tenant_id", "dataset_id", "at");

CREATE INDEX "ix_catalog_access_grants_dataset_id_grantee_kind_grantee_id" ON "catalog_access_grants" ("dataset_id", "grantee_kind", "grantee_id");

CREATE INDEX "ix_catalog_access_grants_tenant_id_created_at" ON "catalog_access_grants" ("tenant_id", "created_at");

CREATE INDEX "ix_catalog_access_requests_requester_token_id" ON "catalog_access_requests" ("requester_token_id");

CREATE INDEX "ix_catalog_access_requests_requester_user_id" ON "catalog_access_requests" ("requester_user_id");

CREATE INDEX "ix_catalog_access_requests_tenant_id_status_created_at" ON "catalog_access_requests" ("tenant_id", "status", "created_at");

CREATE UNIQUE INDEX "ux_catalog_access_requests_pending_token" ON "catalog_access_requests" ("dataset_id", "requester_token_id") WHERE status = 'pending';

CREATE UNIQUE INDEX "ux_catalog_access_requests_pending_user" ON "catalog_access_requests" ("dataset_id", "requester_user_id") WHERE status = 'pending';


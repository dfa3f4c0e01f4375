-- Citizen reports (Open311 GeoReport v2): services (categories with their Open311 attribute definitions and the usual department),
-- reports (service requests; id = service_request_id; personal fields are staff-only), photos (metadata stripped, staff-only until
-- released) and the history of each report. external_id is unique per tenant and source (import idempotence).

CREATE TABLE "report_services" (
    "id" TEXT NOT NULL CONSTRAINT "pk_report_services" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "group_name" TEXT NULL,
    "keywords" TEXT NULL,
    "attributes" TEXT NULL,
    "department_id" TEXT NULL,
    "sla_days" INTEGER NULL,
    "active" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "reports" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_reports" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "service_id" TEXT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_notes" TEXT NULL,
    "description" TEXT NOT NULL,
    "lat" REAL NULL,
    "lon" REAL NULL,
    "address" TEXT NULL,
    "zipcode" TEXT NULL,
    "district" TEXT NULL,
    "attributes" TEXT NULL,
    "email" TEXT NULL,
    "first_name" TEXT NULL,
    "last_name" TEXT NULL,
    "phone" TEXT NULL,
    "device_id" TEXT NULL,
    "department_id" TEXT NULL,
    "routing_mode" TEXT NULL,
    "routing_confidence" REAL NULL,
    "routing_suggestions" TEXT NULL,
    "expected_at" INTEGER NULL,
    "requested_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "closed_at" INTEGER NULL,
    "duplicate_of" INTEGER NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NULL,
    "service_notice" TEXT NULL
);

CREATE TABLE "report_events" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_report_events" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "report_id" INTEGER NOT NULL,
    "at" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "from_value" TEXT NULL,
    "to_value" TEXT NULL,
    "text" TEXT NULL,
    "is_public" INTEGER NOT NULL,
    CONSTRAINT "fk_report_events_reports_report_id" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE CASCADE
);

CREATE TABLE "report_media" (
    "id" TEXT NOT NULL CONSTRAINT "pk_report_media" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "report_id" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "width" INTEGER NULL,
    "height" INTEGER NULL,
    "released" INTEGER NOT NULL,
    "released_by" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_report_media_reports_report_id" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_report_events_report_id" ON "report_events" ("report_id");
CREATE INDEX "ix_report_media_report_id" ON "report_media" ("report_id");
CREATE UNIQUE INDEX "ix_report_services_tenant_id_code" ON "report_services" ("tenant_id", "code");
CREATE INDEX "ix_reports_tenant_id_requested_at" ON "reports" ("tenant_id", "requested_at");
CREATE INDEX "ix_reports_tenant_id_service_id" ON "reports" ("tenant_id", "service_id");
CREATE UNIQUE INDEX "ix_reports_tenant_id_source_external_id" ON "reports" ("tenant_id", "source", "external_id") WHERE external_id IS NOT NULL;
CREATE INDEX "ix_reports_tenant_id_status_department_id" ON "reports" ("tenant_id", "status", "department_id");
CREATE UNIQUE INDEX "ix_reports_token" ON "reports" ("token");

-- Crisis alerts (CAP 1.2): the current state of each alert, its message history, the published events (the SSE event ids) and
-- the delivery outbox (one row per channel and event, written in the publishing transaction, taken by the delivery workers).
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_alerts" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "sent" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "msg_type" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "source_provider" TEXT NULL,
    "source_id" TEXT NULL,
    "source_version" TEXT NULL,
    "state" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "certainty" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "effective" INTEGER NULL,
    "onset" INTEGER NULL,
    "expires" INTEGER NULL,
    "area_desc" TEXT NOT NULL,
    "geometry" TEXT NULL,
    "cap_xml" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_by" TEXT NULL,
    "approved_by" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "published_at" INTEGER NULL
);

CREATE TABLE "alert_versions" (
    "alert_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "identifier" TEXT NOT NULL,
    "msg_type" TEXT NOT NULL,
    "cap_xml" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "pk_alert_versions" PRIMARY KEY ("alert_id", "version"),
    CONSTRAINT "fk_alert_versions_alerts_alert_id" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE
);

CREATE TABLE "alert_events" (
    "seq" INTEGER NOT NULL CONSTRAINT "pk_alert_events" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_alert_events_alerts_alert_id" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE
);

CREATE TABLE "alert_deliveries" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_alert_deliveries" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "event_seq" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "last_error" TEXT NULL,
    "detail" TEXT NULL,
    "delivered_at" INTEGER NULL,
    CONSTRAINT "fk_alert_deliveries_alerts_alert_id" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_alert_deliveries_alert_id" ON "alert_deliveries" ("alert_id");
CREATE INDEX "ix_alert_deliveries_state_next_attempt_at" ON "alert_deliveries" ("state", "next_attempt_at");
CREATE INDEX "ix_alert_events_alert_id" ON "alert_events" ("alert_id");
CREATE INDEX "ix_alert_events_tenant_id_seq" ON "alert_events" ("tenant_id", "seq");
CREATE INDEX "ix_alert_versions_identifier" ON "alert_versions" ("identifier");
CREATE UNIQUE INDEX "ix_alerts_tenant_id_identifier" ON "alerts" ("tenant_id", "identifier");
CREATE UNIQUE INDEX "ix_alerts_tenant_id_source_id" ON "alerts" ("tenant_id", "source_id") WHERE source_id IS NOT NULL;
CREATE INDEX "ix_alerts_tenant_id_state_expires" ON "alerts" ("tenant_id", "state", "expires");

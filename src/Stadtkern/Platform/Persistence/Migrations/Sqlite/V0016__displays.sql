-- Information displays (steles): registration, token hash, layout, heartbeat state; and the last few screenshots of each.
CREATE TABLE "displays" (
    "id" TEXT NOT NULL CONSTRAINT "pk_displays" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location_text" TEXT NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "district" TEXT NULL,
    "orientation" TEXT NOT NULL,
    "layout" TEXT NOT NULL,
    "token_hash" TEXT NULL,
    "token_issued_at" INTEGER NULL,
    "registration_code_hash" TEXT NULL,
    "registration_expires_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "last_heartbeat_at" INTEGER NULL,
    "last_ip" TEXT NULL,
    "app_version" TEXT NULL,
    "uptime_seconds" INTEGER NULL,
    "status" TEXT NULL,
    CONSTRAINT "fk_displays_tenants_tenant_id" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_displays_tenant_id" ON "displays" ("tenant_id");
CREATE UNIQUE INDEX "ix_displays_token_hash" ON "displays" ("token_hash");
CREATE UNIQUE INDEX "ix_displays_registration_code_hash" ON "displays" ("registration_code_hash");

CREATE TABLE "display_screenshots" (
    "id" TEXT NOT NULL CONSTRAINT "pk_display_screenshots" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "display_id" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "taken_at" INTEGER NOT NULL,
    CONSTRAINT "fk_display_screenshots_displays_display_id" FOREIGN KEY ("display_id") REFERENCES "displays" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_display_screenshots_display_id_taken_at" ON "display_screenshots" ("display_id", "taken_at");
CREATE INDEX "ix_display_screenshots_tenant_id" ON "display_screenshots" ("tenant_id");

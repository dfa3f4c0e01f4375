-- Tenants (municipalities), their departments, and the shared data protection key ring.
-- Timestamps are UTC instants stored as 64-bit integers (EF Core DateTimeOffsetToBinaryConverter).

CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NOT NULL
);

CREATE TABLE "tenants" (
    "id" TEXT NOT NULL CONSTRAINT "pk_tenants" PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ars" TEXT NOT NULL,
    "ags" TEXT NOT NULL,
    "contact_name" TEXT NULL,
    "contact_email" TEXT NULL,
    "contact_phone" TEXT NULL,
    "contact_website" TEXT NULL,
    "branding_logo_url" TEXT NULL,
    "branding_primary_color" TEXT NOT NULL,
    "branding_description" TEXT NULL,
    "modules" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "departments" (
    "id" TEXT NOT NULL CONSTRAINT "pk_departments" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NULL,
    CONSTRAINT "fk_departments_tenants_tenant_id" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_departments_tenant_id_key" ON "departments" ("tenant_id", "key");

CREATE UNIQUE INDEX "ix_tenants_slug" ON "tenants" ("slug");

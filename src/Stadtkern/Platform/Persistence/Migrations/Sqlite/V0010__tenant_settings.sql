-- Per-tenant configuration sections (app, alerts, reports, ...), one JSON document each, owned by the feature that reads it.
CREATE TABLE tenant_settings (
    tenant_id TEXT NOT NULL,
    section TEXT NOT NULL,
    document TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT pk_tenant_settings PRIMARY KEY (tenant_id, section)
);

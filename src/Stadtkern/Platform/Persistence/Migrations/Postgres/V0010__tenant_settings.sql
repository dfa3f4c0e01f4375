-- Per-tenant configuration sections (app, alerts, reports, ...), one JSON document each, owned by the feature that reads it.
CREATE TABLE tenant_settings (
    tenant_id uuid NOT NULL,
    section character varying(63) NOT NULL,
    document jsonb NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_tenant_settings PRIMARY KEY (tenant_id, section)
);

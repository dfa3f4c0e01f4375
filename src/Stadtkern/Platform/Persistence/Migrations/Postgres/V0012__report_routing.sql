-- The trained report router of each tenant (issue 5, AI routing): one row per tenant, replaced by `routing train`.
CREATE TABLE routing_models (
    tenant_id uuid NOT NULL,
    trained_at timestamp with time zone NOT NULL,
    report_count integer NOT NULL,
    model bytea NOT NULL,
    metrics jsonb NOT NULL,
    CONSTRAINT pk_routing_models PRIMARY KEY (tenant_id)
);

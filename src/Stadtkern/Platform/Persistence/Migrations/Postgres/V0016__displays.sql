-- Information displays (steles): registration, token hash, layout, heartbeat state; and the last few screenshots of each.
CREATE TABLE displays (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    location_text character varying(500),
    latitude double precision,
    longitude double precision,
    district character varying(200),
    orientation character varying(20) NOT NULL,
    layout jsonb NOT NULL,
    token_hash character varying(64),
    token_issued_at timestamp with time zone,
    registration_code_hash character varying(64),
    registration_expires_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    last_heartbeat_at timestamp with time zone,
    last_ip character varying(64),
    app_version character varying(100),
    uptime_seconds bigint,
    status jsonb,
    CONSTRAINT pk_displays PRIMARY KEY (id),
    CONSTRAINT fk_displays_tenants_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);

CREATE INDEX ix_displays_tenant_id ON displays (tenant_id);
CREATE UNIQUE INDEX ix_displays_token_hash ON displays (token_hash);
CREATE UNIQUE INDEX ix_displays_registration_code_hash ON displays (registration_code_hash);

CREATE TABLE display_screenshots (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    display_id uuid NOT NULL,
    content_type character varying(50) NOT NULL,
    data bytea NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_display_screenshots PRIMARY KEY (id),
    CONSTRAINT fk_display_screenshots_displays_display_id FOREIGN KEY (display_id) REFERENCES displays (id) ON DELETE CASCADE
);

CREATE INDEX ix_display_screenshots_display_id_taken_at ON display_screenshots (display_id, taken_at);
CREATE INDEX ix_display_screenshots_tenant_id ON display_screenshots (tenant_id);

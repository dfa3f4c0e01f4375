-- Data marketplace: access requests, grants and the audit log of every decision about restricted data.
-- The audit log has no foreign key to the dataset on purpose: it outlives the dataset (it keeps the name).
-- One open request per requester and dataset: partial unique indexes (NULL requester ids never collide).

CREATE TABLE catalog_access_audit (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    dataset_id uuid NOT NULL,
    dataset_name character varying(100) NOT NULL,
    resource_id uuid,
    user_id uuid,
    token_id uuid,
    use character varying(20) NOT NULL,
    allowed boolean NOT NULL,
    basis character varying(20) NOT NULL,
    grant_id uuid,
    CONSTRAINT pk_catalog_access_audit PRIMARY KEY (id)
);

CREATE TABLE catalog_access_grants (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    grantee_kind character varying(20) NOT NULL,
    grantee_id uuid NOT NULL,
    request_id uuid,
    granted_by character varying(300) NOT NULL,
    conditions character varying(2000),
    valid_from timestamp with time zone NOT NULL,
    valid_until timestamp with time zone,
    revoked_at timestamp with time zone,
    revoked_by character varying(300),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_access_grants PRIMARY KEY (id),
    CONSTRAINT fk_catalog_access_grants_catalog_datasets_dataset_id FOREIGN KEY (dataset_id) REFERENCES catalog_datasets (id) ON DELETE CASCADE
);

CREATE TABLE catalog_access_requests (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    requester_user_id uuid,
    requester_token_id uuid,
    for_tenant_id uuid,
    organization character varying(300),
    purpose character varying(4000) NOT NULL,
    status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    decided_by character varying(300),
    decision_note character varying(2000),
    conditions character varying(2000),
    expires_at timestamp with time zone,
    grant_id uuid,
    CONSTRAINT pk_catalog_access_requests PRIMARY KEY (id),
    CONSTRAINT fk_catalog_access_requests_catalog_datasets_dataset_id FOREIGN KEY (dataset_id) REFERENCES catalog_datasets (id) ON DELETE CASCADE
);

CREATE INDEX ix_catalog_access_audit_tenant_id_at ON catalog_access_audit (tenant_id, at);

CREATE INDEX ix_catalog_access_audit_tenant_id_dataset_id_at ON catalog_access_audit (tenant_id, dataset_id, at);

CREATE INDEX ix_catalog_access_grants_dataset_id_grantee_kind_grantee_id ON catalog_access_grants (dataset_id, grantee_kind, grantee_id);

CREATE INDEX ix_catalog_access_grants_tenant_id_created_at ON catalog_access_grants (tenant_id, created_at);

CREATE INDEX ix_catalog_access_requests_requester_token_id ON catalog_access_requests (requester_token_id);

CREATE INDEX ix_catalog_access_requests_requester_user_id ON catalog_access_requests (requester_user_id);

CREATE INDEX ix_catalog_access_requests_tenant_id_status_created_at ON catalog_access_requests (tenant_id, status, created_at);

CREATE UNIQUE INDEX ux_catalog_access_requests_pending_token ON catalog_access_requests (dataset_id, requester_token_id) WHERE status = 'pending';

CREATE UNIQUE INDEX ux_catalog_access_requests_pending_user ON catalog_access_requests (dataset_id, requester_user_id) WHERE status = 'pending';


-- One counter per tenant, bumped by every catalog write in the same transaction. Search results are cached
-- under the current stamp, so a committed edit invalidates every instance's cached results at once.
CREATE TABLE catalog_change_stamps (
    tenant_id uuid NOT NULL,
    stamp bigint NOT NULL,
    CONSTRAINT pk_catalog_change_stamps PRIMARY KEY (tenant_id)
);

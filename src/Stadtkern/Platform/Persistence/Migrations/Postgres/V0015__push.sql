-- Web Push: the tenant's VAPID key pair (private key protected with Data Protection) and the browsers' subscriptions
-- with the districts and topics chosen in the city app.
CREATE TABLE push_vapid_keys (
    tenant_id uuid NOT NULL,
    public_key character varying(100) NOT NULL,
    protected_private_key text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_push_vapid_keys PRIMARY KEY (tenant_id)
);

CREATE TABLE push_subscriptions (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    endpoint character varying(2000) NOT NULL,
    p256dh character varying(100) NOT NULL,
    auth character varying(40) NOT NULL,
    districts character varying(2000) NOT NULL,
    topics character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    last_sent_at timestamp with time zone NULL,
    CONSTRAINT pk_push_subscriptions PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_push_subscriptions_tenant_id_endpoint ON push_subscriptions (tenant_id, endpoint);

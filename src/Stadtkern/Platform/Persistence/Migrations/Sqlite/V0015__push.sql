-- Web Push: the tenant's VAPID key pair (private key protected with Data Protection) and the browsers' subscriptions
-- with the districts and topics chosen in the city app.
CREATE TABLE push_vapid_keys (
    tenant_id TEXT NOT NULL CONSTRAINT pk_push_vapid_keys PRIMARY KEY,
    public_key TEXT NOT NULL,
    protected_private_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE push_subscriptions (
    id TEXT NOT NULL CONSTRAINT pk_push_subscriptions PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    districts TEXT NOT NULL,
    topics TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_sent_at INTEGER NULL
);

CREATE UNIQUE INDEX ix_push_subscriptions_tenant_id_endpoint ON push_subscriptions (tenant_id, endpoint);

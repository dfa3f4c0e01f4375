-- The trained report router of each tenant (issue 5, AI routing): one row per tenant, replaced by `routing train`.
CREATE TABLE "routing_models" (
    "tenant_id" TEXT NOT NULL CONSTRAINT "pk_routing_models" PRIMARY KEY,
    "trained_at" INTEGER NOT NULL,
    "report_count" INTEGER NOT NULL,
    "model" BLOB NOT NULL,
    "metrics" TEXT NOT NULL
);

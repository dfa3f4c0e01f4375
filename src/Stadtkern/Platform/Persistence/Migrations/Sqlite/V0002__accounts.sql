-- Accounts: people (ASP.NET Core Identity), their roles per tenant, and API tokens.

CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "display_name" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" INTEGER NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    CONSTRAINT "fk_api_tokens_tenants_tenant_id" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
);

CREATE TABLE "memberships" (
    "user_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "pk_memberships" PRIMARY KEY ("user_id", "tenant_id", "role"),
    CONSTRAINT "fk_memberships_tenants_tenant_id" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_memberships_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_user_claims_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_user_logins_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_user_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_api_tokens_secret_hash" ON "api_tokens" ("secret_hash");

CREATE INDEX "ix_api_tokens_tenant_id" ON "api_tokens" ("tenant_id");

CREATE INDEX "ix_memberships_tenant_id" ON "memberships" ("tenant_id");

CREATE INDEX "ix_user_claims_user_id" ON "user_claims" ("user_id");

CREATE INDEX "ix_user_logins_user_id" ON "user_logins" ("user_id");

CREATE INDEX "email_index" ON "users" ("normalized_email");

CREATE UNIQUE INDEX "user_name_index" ON "users" ("normalized_user_name");

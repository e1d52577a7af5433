-- CreateTable
CREATE TABLE "identity_provider" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agency_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by_id" UUID NOT NULL,

    CONSTRAINT "identity_provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_provider_domain" (
    "provider_id" UUID NOT NULL,
    "domain" TEXT NOT NULL,

    CONSTRAINT "identity_provider_domain_pkey" PRIMARY KEY ("provider_id","domain")
);

-- CreateTable
CREATE TABLE "user_identity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_sign_in" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "browser_key_hash" TEXT NOT NULL,
    "provider_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "sso_sign_in_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "identity_provider_agency_id_key" ON "identity_provider"("agency_id");

-- CreateIndex
CREATE INDEX "identity_provider_domain_domain_idx" ON "identity_provider_domain"("domain");

-- CreateIndex
CREATE INDEX "user_identity_provider_id_idx" ON "user_identity"("provider_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_identity_issuer_subject_key" ON "user_identity"("issuer", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "user_identity_user_id_provider_id_key" ON "user_identity"("user_id", "provider_id");

-- CreateIndex
CREATE UNIQUE INDEX "sso_sign_in_state_key" ON "sso_sign_in"("state");

-- CreateIndex
CREATE INDEX "sso_sign_in_created_at_idx" ON "sso_sign_in"("created_at");

-- AddForeignKey
ALTER TABLE "identity_provider" ADD CONSTRAINT "identity_provider_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_provider" ADD CONSTRAINT "identity_provider_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_provider_domain" ADD CONSTRAINT "identity_provider_domain_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "identity_provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "identity_provider"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_sign_in" ADD CONSTRAINT "sso_sign_in_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "identity_provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the code assumes, the database holds too.
ALTER TABLE "identity_provider" ADD CONSTRAINT "identity_provider_issuer_is_url" CHECK ("issuer" ~ '^https?://[^\s]+$' AND length("issuer") <= 300);
ALTER TABLE "identity_provider" ADD CONSTRAINT "identity_provider_client_id_present" CHECK (length("client_id") BETWEEN 1 AND 300);
ALTER TABLE "identity_provider" ADD CONSTRAINT "identity_provider_secret_encrypted" CHECK ("client_secret" LIKE 'v1.%');
ALTER TABLE "identity_provider_domain" ADD CONSTRAINT "identity_provider_domain_lower_case" CHECK ("domain" = lower("domain") AND "domain" ~ '^[a-z0-9.-]+\.[a-z]{2,}$');
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_subject_present" CHECK (length("subject") BETWEEN 1 AND 255);
ALTER TABLE "sso_sign_in" ADD CONSTRAINT "sso_sign_in_used_after_created" CHECK ("used_at" IS NULL OR "used_at" >= "created_at");

-- Who configures an agency's identity provider: its agency administrators, and system administrators for any agency.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('manage', 'identity_provider', 'own_agency', 'Configure single sign-on for their agency'),
  ('manage', 'identity_provider', 'any',        'Configure single sign-on for any agency');

INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id
FROM "role" r
JOIN "permission" p ON (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
  ('agency_admin', 'manage:identity_provider:own_agency'),
  ('system_admin', 'manage:identity_provider:any')
);

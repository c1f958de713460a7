-- Reports stored whole are dropped: the next GenerateCredentialReport makes a paged one.
DELETE FROM "CredentialReport";

-- AlterTable
ALTER TABLE "CredentialReport" DROP COLUMN "content",
ADD COLUMN     "jobId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'COMPLETE',
ALTER COLUMN "generatedAt" DROP NOT NULL;

-- AlterTable
ALTER TABLE "PolicyAttachment" ADD COLUMN     "accountId" VARCHAR(12);

-- CreateTable
CREATE TABLE "CredentialReportPage" (
    "accountId" VARCHAR(12) NOT NULL,
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "CredentialReportPage_pkey" PRIMARY KEY ("accountId","jobId","seq")
);

-- CreateTable
CREATE TABLE "AccountUsage" (
    "id" BIGSERIAL NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "kind" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AccountUsage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccountUsage_accountId_kind_idx" ON "AccountUsage"("accountId", "kind");

-- AddForeignKey
ALTER TABLE "CredentialReportPage" ADD CONSTRAINT "CredentialReportPage_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CredentialReport"("accountId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountUsage" ADD CONSTRAINT "AccountUsage_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keyset paging (GetAccountAuthorizationDetails, the credential report): each kind in
-- (lower(name), id) order within its account. Users already have this index.
CREATE INDEX "Group_accountId_lower_name_id_idx" ON "Group" ("accountId", lower("name"), "id");
CREATE INDEX "Role_accountId_lower_name_id_idx" ON "Role" ("accountId", lower("name"), "id");
CREATE INDEX "ManagedPolicy_accountId_lower_name_id_idx" ON "ManagedPolicy" ("accountId", lower("name"), "id");
-- The AWS managed policies an account uses, and the root user's credentials, without scanning
-- every user's.
CREATE INDEX "PolicyAttachment_accountId_policyId_idx" ON "PolicyAttachment" ("accountId", "policyId");
CREATE INDEX "AccessKey_root_idx" ON "AccessKey" ("accountId") WHERE "userId" IS NULL;
CREATE INDEX "MfaDevice_root_idx" ON "MfaDevice" ("accountId") WHERE "userId" IS NULL;
CREATE INDEX "SigningCertificate_root_idx" ON "SigningCertificate" ("accountId") WHERE "userId" IS NULL;

-- The engine's migration runner splits scripts at every semicolon, even inside quotes: function
-- bodies spell theirs as the escape \073 (as in 20261124152024_integrity_constraints).

-- An attachment's account is its owner's (set here, so no caller has to).
CREATE FUNCTION policy_attachment_account() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."userId" IS NOT NULL THEN
    SELECT "accountId" INTO NEW."accountId" FROM "User" WHERE "id" = NEW."userId"\073
  ELSIF NEW."groupId" IS NOT NULL THEN
    SELECT "accountId" INTO NEW."accountId" FROM "Group" WHERE "id" = NEW."groupId"\073
  ELSIF NEW."roleId" IS NOT NULL THEN
    SELECT "accountId" INTO NEW."accountId" FROM "Role" WHERE "id" = NEW."roleId"\073
  END IF\073
  RETURN NEW\073
END ';
CREATE TRIGGER "PolicyAttachment_account" BEFORE INSERT ON "PolicyAttachment" FOR EACH ROW EXECUTE FUNCTION policy_attachment_account();
UPDATE "PolicyAttachment" a SET "accountId" = u."accountId" FROM "User" u WHERE a."userId" = u."id";
UPDATE "PolicyAttachment" a SET "accountId" = g."accountId" FROM "Group" g WHERE a."groupId" = g."id";
UPDATE "PolicyAttachment" a SET "accountId" = r."accountId" FROM "Role" r WHERE a."roleId" = r."id";

-- AccountUsage: statement-level triggers with transition tables, so a bulk insert or a cascade
-- records each account's change once per statement, in the same transaction. Rows without an
-- account (AWS managed policies) are not counted. The triggers only ever INSERT a change row
-- (a count is the sum of its rows, which the retention job folds): updating one row per account
-- would make every two concurrent creates in an account a write conflict, which SERIALIZABLE
-- transactions answer with a serialization failure.
CREATE FUNCTION account_usage_added() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountUsage" ("accountId", "kind", "count")
  SELECT "accountId", TG_ARGV[0], count(*) FROM added WHERE "accountId" IS NOT NULL GROUP BY "accountId"\073
  RETURN NULL\073
END ';
CREATE FUNCTION account_usage_removed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountUsage" ("accountId", "kind", "count")
  SELECT "accountId", TG_ARGV[0], -count(*) FROM removed WHERE "accountId" IS NOT NULL GROUP BY "accountId"\073
  RETURN NULL\073
END ';
CREATE TRIGGER "User_usage_added" AFTER INSERT ON "User" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('User');
CREATE TRIGGER "User_usage_removed" AFTER DELETE ON "User" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('User');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'User', count(*) FROM "User" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "Group_usage_added" AFTER INSERT ON "Group" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('Group');
CREATE TRIGGER "Group_usage_removed" AFTER DELETE ON "Group" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('Group');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'Group', count(*) FROM "Group" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "Role_usage_added" AFTER INSERT ON "Role" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('Role');
CREATE TRIGGER "Role_usage_removed" AFTER DELETE ON "Role" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('Role');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'Role', count(*) FROM "Role" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "ManagedPolicy_usage_added" AFTER INSERT ON "ManagedPolicy" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('LocalPolicy');
CREATE TRIGGER "ManagedPolicy_usage_removed" AFTER DELETE ON "ManagedPolicy" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('LocalPolicy');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'LocalPolicy', count(*) FROM "ManagedPolicy" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "InstanceProfile_usage_added" AFTER INSERT ON "InstanceProfile" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('InstanceProfile');
CREATE TRIGGER "InstanceProfile_usage_removed" AFTER DELETE ON "InstanceProfile" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('InstanceProfile');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'InstanceProfile', count(*) FROM "InstanceProfile" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "MfaDevice_usage_added" AFTER INSERT ON "MfaDevice" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('MfaDevice');
CREATE TRIGGER "MfaDevice_usage_removed" AFTER DELETE ON "MfaDevice" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('MfaDevice');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'MfaDevice', count(*) FROM "MfaDevice" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "PolicyAttachment_usage_added" AFTER INSERT ON "PolicyAttachment" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('PolicyAttachment');
CREATE TRIGGER "PolicyAttachment_usage_removed" AFTER DELETE ON "PolicyAttachment" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('PolicyAttachment');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'PolicyAttachment', count(*) FROM "PolicyAttachment" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "ServerCertificate_usage_added" AFTER INSERT ON "ServerCertificate" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('ServerCertificate');
CREATE TRIGGER "ServerCertificate_usage_removed" AFTER DELETE ON "ServerCertificate" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('ServerCertificate');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'ServerCertificate', count(*) FROM "ServerCertificate" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "OpenIdConnectProvider_usage_added" AFTER INSERT ON "OpenIdConnectProvider" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('OidcProvider');
CREATE TRIGGER "OpenIdConnectProvider_usage_removed" AFTER DELETE ON "OpenIdConnectProvider" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('OidcProvider');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'OidcProvider', count(*) FROM "OpenIdConnectProvider" WHERE "accountId" IS NOT NULL GROUP BY "accountId";
CREATE TRIGGER "SamlProvider_usage_added" AFTER INSERT ON "SamlProvider" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_added('SamlProvider');
CREATE TRIGGER "SamlProvider_usage_removed" AFTER DELETE ON "SamlProvider" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_removed('SamlProvider');
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'SamlProvider', count(*) FROM "SamlProvider" WHERE "accountId" IS NOT NULL GROUP BY "accountId";

-- MFA devices in use (enabled): enabling is an UPDATE. Only a non-zero change writes a row, so
-- the frequent updates of a device's last-used time step write nothing.
CREATE FUNCTION account_usage_mfa_enabled() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountUsage" ("accountId", "kind", "count")
  SELECT "accountId", ''MfaDeviceInUse'', sum(n) FROM (
    SELECT "accountId", 1 AS n FROM added WHERE "enabledAt" IS NOT NULL
    UNION ALL
    SELECT "accountId", -1 AS n FROM removed WHERE "enabledAt" IS NOT NULL
  ) d GROUP BY "accountId" HAVING sum(n) <> 0\073
  RETURN NULL\073
END ';
CREATE FUNCTION account_usage_mfa_inserted() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountUsage" ("accountId", "kind", "count")
  SELECT "accountId", ''MfaDeviceInUse'', count(*) FROM added WHERE "enabledAt" IS NOT NULL GROUP BY "accountId"\073
  RETURN NULL\073
END ';
CREATE FUNCTION account_usage_mfa_deleted() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountUsage" ("accountId", "kind", "count")
  SELECT "accountId", ''MfaDeviceInUse'', -count(*) FROM removed WHERE "enabledAt" IS NOT NULL GROUP BY "accountId"\073
  RETURN NULL\073
END ';
CREATE TRIGGER "MfaDevice_in_use_added" AFTER INSERT ON "MfaDevice" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_mfa_inserted();
CREATE TRIGGER "MfaDevice_in_use_changed" AFTER UPDATE ON "MfaDevice" REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_usage_mfa_enabled();
CREATE TRIGGER "MfaDevice_in_use_removed" AFTER DELETE ON "MfaDevice" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION account_usage_mfa_deleted();
INSERT INTO "AccountUsage" ("accountId", "kind", "count") SELECT "accountId", 'MfaDeviceInUse', count(*) FROM "MfaDevice" WHERE "enabledAt" IS NOT NULL GROUP BY "accountId";

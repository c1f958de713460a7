-- Hand-written: constraints Prisma's schema language cannot express.

-- AWS names of users, groups, roles and instance profiles are unique per account
-- case-insensitively ("ADMINS" and "admins" conflict): enforce it in the database.
CREATE UNIQUE INDEX "User_accountId_lower_name_key" ON "User" ("accountId", lower("name"));
CREATE UNIQUE INDEX "Group_accountId_lower_name_key" ON "Group" ("accountId", lower("name"));
CREATE UNIQUE INDEX "Role_accountId_lower_name_key" ON "Role" ("accountId", lower("name"));
CREATE UNIQUE INDEX "InstanceProfile_accountId_lower_name_key" ON "InstanceProfile" ("accountId", lower("name"));
-- Managed policy names are unique per account (case-insensitively too) and among AWS's own.
CREATE UNIQUE INDEX "ManagedPolicy_accountId_lower_name_key" ON "ManagedPolicy" ("accountId", lower("name")) WHERE "accountId" IS NOT NULL;
CREATE UNIQUE INDEX "ManagedPolicy_aws_lower_name_key" ON "ManagedPolicy" (lower("name")) WHERE "accountId" IS NULL;
-- Case-insensitive lookups and stable paging of the Users list at 100,000 users.
CREATE INDEX "User_accountId_lower_name_idx" ON "User" ("accountId", lower("name"), "id");

-- An attachment or inline policy belongs to exactly one user, group or role.
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_one_owner" CHECK (num_nonnulls("userId", "groupId", "roleId") = 1);
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_one_owner" CHECK (num_nonnulls("userId", "groupId", "roleId") = 1);

-- Exactly one default version per managed policy.
CREATE UNIQUE INDEX "PolicyVersion_one_default" ON "PolicyVersion" ("policyId") WHERE "isDefault";

-- The shapes AWS gives these values.
ALTER TABLE "Account" ADD CONSTRAINT "Account_id_format" CHECK ("id" ~ '^[0-9]{12}$');
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_status" CHECK ("status" IN ('Active', 'Inactive'));
ALTER TABLE "ImageLaunchPermission" ADD CONSTRAINT "ImageLaunchPermission_grantee" CHECK ("grantee" = 'all' OR "grantee" ~ '^[0-9]{12}$');
ALTER TABLE "SnapshotVolumePermission" ADD CONSTRAINT "SnapshotVolumePermission_grantee" CHECK ("grantee" = 'all' OR "grantee" ~ '^[0-9]{12}$');

-- The audit log is append-only.
-- The engine's migration runner splits scripts at every semicolon, even inside quotes: the
-- body spells its one semicolon as the escape \073.
CREATE FUNCTION "audit_event_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''AuditEvent rows are append-only''\073 END';
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_immutable"();

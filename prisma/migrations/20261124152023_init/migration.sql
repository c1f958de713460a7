-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "IssuedId" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IssuedId_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "alias" TEXT,
    "rootEmail" TEXT NOT NULL,
    "rootPasswordHash" TEXT,
    "rootPasswordLastUsed" TIMESTAMP(3),
    "rootPasswordChangedAt" TIMESTAMP(3),
    "managementAccountId" VARCHAR(12),
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "arn" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "permissionsBoundaryId" TEXT,
    "passwordLastUsed" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "arn" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupMembership_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "Role" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "arn" TEXT NOT NULL,
    "description" TEXT,
    "assumeRolePolicyDocument" TEXT NOT NULL,
    "maxSessionDuration" INTEGER NOT NULL DEFAULT 3600,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "permissionsBoundaryId" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedRegion" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceProfile" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "arn" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstanceProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceProfileRole" (
    "instanceProfileId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,

    CONSTRAINT "InstanceProfileRole_pkey" PRIMARY KEY ("instanceProfileId")
);

-- CreateTable
CREATE TABLE "ManagedPolicy" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12),
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "arn" TEXT NOT NULL,
    "description" TEXT,
    "defaultVersionId" TEXT NOT NULL DEFAULT 'v1',
    "nextVersionNumber" INTEGER NOT NULL DEFAULT 2,
    "isAttachable" BOOLEAN NOT NULL DEFAULT true,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManagedPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "policyId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("policyId","versionId")
);

-- CreateTable
CREATE TABLE "PolicyAttachment" (
    "id" BIGSERIAL NOT NULL,
    "policyId" TEXT NOT NULL,
    "userId" TEXT,
    "groupId" TEXT,
    "roleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InlinePolicy" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "userId" TEXT,
    "groupId" TEXT,
    "roleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InlinePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT,
    "secretEncrypted" BYTEA NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedService" TEXT,
    "lastUsedRegion" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginProfile" (
    "userId" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "passwordResetRequired" BOOLEAN NOT NULL DEFAULT false,
    "passwordChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "PasswordHistory" (
    "id" BIGSERIAL NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordPolicy" (
    "accountId" VARCHAR(12) NOT NULL,
    "minimumPasswordLength" INTEGER NOT NULL DEFAULT 8,
    "requireSymbols" BOOLEAN NOT NULL DEFAULT false,
    "requireNumbers" BOOLEAN NOT NULL DEFAULT false,
    "requireUppercaseCharacters" BOOLEAN NOT NULL DEFAULT false,
    "requireLowercaseCharacters" BOOLEAN NOT NULL DEFAULT false,
    "allowUsersToChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "maxPasswordAge" INTEGER,
    "passwordReusePrevention" INTEGER,
    "hardExpiry" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PasswordPolicy_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "MfaDevice" (
    "serialNumber" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT,
    "forRoot" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "type" TEXT NOT NULL DEFAULT 'virtual',
    "seedEncrypted" BYTEA,
    "lastUsedTimeStep" BIGINT,
    "credentialId" TEXT,
    "publicKey" BYTEA,
    "signCount" BIGINT,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "enabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MfaDevice_pkey" PRIMARY KEY ("serialNumber")
);

-- CreateTable
CREATE TABLE "ConsoleSession" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT,
    "csrfToken" TEXT NOT NULL,
    "mfaAuthenticatedAt" TIMESTAMP(3),
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "temporaryCredentialId" TEXT,
    "sourceIp" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsoleSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemporaryCredential" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "secretEncrypted" BYTEA NOT NULL,
    "sessionTokenHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "principalArn" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "roleId" TEXT,
    "userId" TEXT,
    "sessionName" TEXT,
    "sessionPolicies" JSONB NOT NULL DEFAULT '[]',
    "sessionTags" JSONB NOT NULL DEFAULT '[]',
    "sourceIdentity" TEXT,
    "mfaAuthenticatedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemporaryCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "name" TEXT NOT NULL,
    "description" TEXT,
    "architecture" TEXT NOT NULL DEFAULT 'x86_64',
    "rootDeviceName" TEXT NOT NULL DEFAULT '/dev/xvda',
    "snapshotId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'available',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImageLaunchPermission" (
    "imageId" TEXT NOT NULL,
    "grantee" TEXT NOT NULL,

    CONSTRAINT "ImageLaunchPermission_pkey" PRIMARY KEY ("imageId","grantee")
);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "volumeId" TEXT,
    "volumeSize" INTEGER NOT NULL,
    "description" TEXT,
    "encrypted" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'completed',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotVolumePermission" (
    "snapshotId" TEXT NOT NULL,
    "grantee" TEXT NOT NULL,

    CONSTRAINT "SnapshotVolumePermission_pkey" PRIMARY KEY ("snapshotId","grantee")
);

-- CreateTable
CREATE TABLE "SecurityGroup" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "vpcId" TEXT NOT NULL DEFAULT 'vpc-default',
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecurityGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityGroupRule" (
    "id" TEXT NOT NULL,
    "securityGroupId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "ipProtocol" TEXT NOT NULL,
    "fromPort" INTEGER,
    "toPort" INTEGER,
    "cidrIpv4" TEXT,
    "cidrIpv6" TEXT,
    "referencedGroupId" TEXT,
    "description" TEXT,

    CONSTRAINT "SecurityGroupRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accountId" VARCHAR(12),
    "principalArn" TEXT,
    "action" TEXT NOT NULL,
    "resource" TEXT,
    "decision" TEXT NOT NULL,
    "errorCode" TEXT,
    "sourceIp" TEXT,
    "userAgent" TEXT,
    "requestId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_alias_key" ON "Account"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "Account_rootEmail_key" ON "Account"("rootEmail");

-- CreateIndex
CREATE UNIQUE INDEX "User_arn_key" ON "User"("arn");

-- CreateIndex
CREATE INDEX "User_accountId_name_idx" ON "User"("accountId", "name");

-- CreateIndex
CREATE INDEX "User_accountId_path_idx" ON "User"("accountId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Group_arn_key" ON "Group"("arn");

-- CreateIndex
CREATE INDEX "Group_accountId_name_idx" ON "Group"("accountId", "name");

-- CreateIndex
CREATE INDEX "GroupMembership_userId_idx" ON "GroupMembership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Role_arn_key" ON "Role"("arn");

-- CreateIndex
CREATE INDEX "Role_accountId_name_idx" ON "Role"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "InstanceProfile_arn_key" ON "InstanceProfile"("arn");

-- CreateIndex
CREATE INDEX "InstanceProfile_accountId_name_idx" ON "InstanceProfile"("accountId", "name");

-- CreateIndex
CREATE INDEX "InstanceProfileRole_roleId_idx" ON "InstanceProfileRole"("roleId");

-- CreateIndex
CREATE UNIQUE INDEX "ManagedPolicy_arn_key" ON "ManagedPolicy"("arn");

-- CreateIndex
CREATE INDEX "ManagedPolicy_accountId_name_idx" ON "ManagedPolicy"("accountId", "name");

-- CreateIndex
CREATE INDEX "PolicyAttachment_userId_idx" ON "PolicyAttachment"("userId");

-- CreateIndex
CREATE INDEX "PolicyAttachment_groupId_idx" ON "PolicyAttachment"("groupId");

-- CreateIndex
CREATE INDEX "PolicyAttachment_roleId_idx" ON "PolicyAttachment"("roleId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyId_userId_key" ON "PolicyAttachment"("policyId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyId_groupId_key" ON "PolicyAttachment"("policyId", "groupId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyId_roleId_key" ON "PolicyAttachment"("policyId", "roleId");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_userId_name_key" ON "InlinePolicy"("userId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_groupId_name_key" ON "InlinePolicy"("groupId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_roleId_name_key" ON "InlinePolicy"("roleId", "name");

-- CreateIndex
CREATE INDEX "AccessKey_accountId_idx" ON "AccessKey"("accountId");

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- CreateIndex
CREATE INDEX "PasswordHistory_userId_createdAt_idx" ON "PasswordHistory"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MfaDevice_credentialId_key" ON "MfaDevice"("credentialId");

-- CreateIndex
CREATE INDEX "MfaDevice_accountId_idx" ON "MfaDevice"("accountId");

-- CreateIndex
CREATE INDEX "MfaDevice_userId_idx" ON "MfaDevice"("userId");

-- CreateIndex
CREATE INDEX "ConsoleSession_expiresAt_idx" ON "ConsoleSession"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "TemporaryCredential_sessionTokenHash_key" ON "TemporaryCredential"("sessionTokenHash");

-- CreateIndex
CREATE INDEX "TemporaryCredential_expiresAt_idx" ON "TemporaryCredential"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Image_accountId_region_name_key" ON "Image"("accountId", "region", "name");

-- CreateIndex
CREATE INDEX "ImageLaunchPermission_grantee_idx" ON "ImageLaunchPermission"("grantee");

-- CreateIndex
CREATE INDEX "Snapshot_accountId_idx" ON "Snapshot"("accountId");

-- CreateIndex
CREATE INDEX "SnapshotVolumePermission_grantee_idx" ON "SnapshotVolumePermission"("grantee");

-- CreateIndex
CREATE UNIQUE INDEX "SecurityGroup_accountId_vpcId_name_key" ON "SecurityGroup"("accountId", "vpcId", "name");

-- CreateIndex
CREATE INDEX "SecurityGroupRule_securityGroupId_idx" ON "SecurityGroupRule"("securityGroupId");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_time_idx" ON "AuditEvent"("accountId", "time");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_principalArn_time_idx" ON "AuditEvent"("accountId", "principalArn", "time");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_action_time_idx" ON "AuditEvent"("accountId", "action", "time");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_permissionsBoundaryId_fkey" FOREIGN KEY ("permissionsBoundaryId") REFERENCES "ManagedPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMembership" ADD CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMembership" ADD CONSTRAINT "GroupMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_permissionsBoundaryId_fkey" FOREIGN KEY ("permissionsBoundaryId") REFERENCES "ManagedPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceProfile" ADD CONSTRAINT "InstanceProfile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceProfileRole" ADD CONSTRAINT "InstanceProfileRole_instanceProfileId_fkey" FOREIGN KEY ("instanceProfileId") REFERENCES "InstanceProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceProfileRole" ADD CONSTRAINT "InstanceProfileRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManagedPolicy" ADD CONSTRAINT "ManagedPolicy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "ManagedPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "ManagedPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoginProfile" ADD CONSTRAINT "LoginProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordHistory" ADD CONSTRAINT "PasswordHistory_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordHistory" ADD CONSTRAINT "PasswordHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordPolicy" ADD CONSTRAINT "PasswordPolicy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MfaDevice" ADD CONSTRAINT "MfaDevice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MfaDevice" ADD CONSTRAINT "MfaDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsoleSession" ADD CONSTRAINT "ConsoleSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsoleSession" ADD CONSTRAINT "ConsoleSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemporaryCredential" ADD CONSTRAINT "TemporaryCredential_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemporaryCredential" ADD CONSTRAINT "TemporaryCredential_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Image" ADD CONSTRAINT "Image_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageLaunchPermission" ADD CONSTRAINT "ImageLaunchPermission_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotVolumePermission" ADD CONSTRAINT "SnapshotVolumePermission_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecurityGroup" ADD CONSTRAINT "SecurityGroup_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecurityGroupRule" ADD CONSTRAINT "SecurityGroupRule_securityGroupId_fkey" FOREIGN KEY ("securityGroupId") REFERENCES "SecurityGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

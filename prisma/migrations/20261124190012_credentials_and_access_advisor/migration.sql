-- CreateTable
CREATE TABLE "SshPublicKey" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SshPublicKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningCertificate" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SigningCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceSpecificCredential" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" TEXT NOT NULL,
    "serviceName" TEXT NOT NULL,
    "serviceUserName" TEXT NOT NULL,
    "secretEncrypted" BYTEA NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "ServiceSpecificCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerCertificate" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "arn" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "chain" TEXT,
    "privateKeyEncrypted" BYTEA NOT NULL,
    "expiration" TIMESTAMP(3) NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceLastAccessedJob" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "arn" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceLastAccessedJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SshPublicKey_userId_idx" ON "SshPublicKey"("userId");

-- CreateIndex
CREATE INDEX "SigningCertificate_accountId_idx" ON "SigningCertificate"("accountId");

-- CreateIndex
CREATE INDEX "SigningCertificate_userId_idx" ON "SigningCertificate"("userId");

-- CreateIndex
CREATE INDEX "ServiceSpecificCredential_userId_idx" ON "ServiceSpecificCredential"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ServerCertificate_arn_key" ON "ServerCertificate"("arn");

-- CreateIndex
CREATE INDEX "ServerCertificate_accountId_path_idx" ON "ServerCertificate"("accountId", "path");

-- CreateIndex
CREATE INDEX "ServiceLastAccessedJob_accountId_createdAt_idx" ON "ServiceLastAccessedJob"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "SshPublicKey" ADD CONSTRAINT "SshPublicKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SshPublicKey" ADD CONSTRAINT "SshPublicKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SigningCertificate" ADD CONSTRAINT "SigningCertificate_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SigningCertificate" ADD CONSTRAINT "SigningCertificate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceSpecificCredential" ADD CONSTRAINT "ServiceSpecificCredential_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceSpecificCredential" ADD CONSTRAINT "ServiceSpecificCredential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServerCertificate" ADD CONSTRAINT "ServerCertificate_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceLastAccessedJob" ADD CONSTRAINT "ServiceLastAccessedJob_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: server certificate names are unique per account case-insensitively, as AWS's are.
CREATE UNIQUE INDEX "ServerCertificate_accountId_lower_name_key" ON "ServerCertificate" ("accountId", lower("name"));
ALTER TABLE "SshPublicKey" ADD CONSTRAINT "SshPublicKey_status" CHECK ("status" IN ('Active', 'Inactive'));
ALTER TABLE "SigningCertificate" ADD CONSTRAINT "SigningCertificate_status" CHECK ("status" IN ('Active', 'Inactive'));
ALTER TABLE "ServiceSpecificCredential" ADD CONSTRAINT "ServiceSpecificCredential_status" CHECK ("status" IN ('Active', 'Inactive', 'Expired'));
ALTER TABLE "ServiceLastAccessedJob" ADD CONSTRAINT "ServiceLastAccessedJob_granularity" CHECK ("granularity" IN ('SERVICE_LEVEL', 'ACTION_LEVEL'));

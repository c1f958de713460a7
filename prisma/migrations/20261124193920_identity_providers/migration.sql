-- CreateTable
CREATE TABLE "OpenIdConnectProvider" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "url" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "clientIds" TEXT[],
    "thumbprints" TEXT[],
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenIdConnectProvider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SamlProvider" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "metadataDocument" TEXT NOT NULL,
    "validUntil" TIMESTAMP(3),
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SamlProvider_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OpenIdConnectProvider_arn_key" ON "OpenIdConnectProvider"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "OpenIdConnectProvider_accountId_url_key" ON "OpenIdConnectProvider"("accountId", "url");

-- CreateIndex
CREATE UNIQUE INDEX "SamlProvider_arn_key" ON "SamlProvider"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "SamlProvider_accountId_name_key" ON "SamlProvider"("accountId", "name");

-- AddForeignKey
ALTER TABLE "OpenIdConnectProvider" ADD CONSTRAINT "OpenIdConnectProvider_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SamlProvider" ADD CONSTRAINT "SamlProvider_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

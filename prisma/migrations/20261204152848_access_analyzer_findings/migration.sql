-- CreateTable
CREATE TABLE "Analyzer" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "lastResourceAnalyzed" TEXT,
    "lastResourceAnalyzedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Analyzer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyzerFinding" (
    "id" TEXT NOT NULL,
    "analyzerId" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceOwnerAccount" VARCHAR(12) NOT NULL,
    "resourceKey" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "accessKey" TEXT NOT NULL,
    "principal" JSONB NOT NULL,
    "action" JSONB NOT NULL,
    "condition" JSONB NOT NULL DEFAULT '{}',
    "isPublic" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "analyzedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyzerFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyzerArchiveRule" (
    "analyzerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyzerArchiveRule_pkey" PRIMARY KEY ("analyzerId","name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Analyzer_arn_key" ON "Analyzer"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "Analyzer_accountId_name_key" ON "Analyzer"("accountId", "name");

-- CreateIndex
CREATE INDEX "AnalyzerFinding_analyzerId_status_idx" ON "AnalyzerFinding"("analyzerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyzerFinding_analyzerId_resourceOwnerAccount_resourceTyp_key" ON "AnalyzerFinding"("analyzerId", "resourceOwnerAccount", "resourceType", "resourceKey", "accessKey");

-- AddForeignKey
ALTER TABLE "Analyzer" ADD CONSTRAINT "Analyzer_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyzerFinding" ADD CONSTRAINT "AnalyzerFinding_analyzerId_fkey" FOREIGN KEY ("analyzerId") REFERENCES "Analyzer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyzerArchiveRule" ADD CONSTRAINT "AnalyzerArchiveRule_analyzerId_fkey" FOREIGN KEY ("analyzerId") REFERENCES "Analyzer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

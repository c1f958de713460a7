-- AlterTable
ALTER TABLE "ConsoleSession" ADD COLUMN     "federatedProvider" TEXT;

-- CreateTable
CREATE TABLE "PendingFederatedSignIn" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingFederatedSignIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedSamlAssertion" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedSamlAssertion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingFederatedSignIn_expiresAt_idx" ON "PendingFederatedSignIn"("expiresAt");

-- CreateIndex
CREATE INDEX "UsedSamlAssertion_expiresAt_idx" ON "UsedSamlAssertion"("expiresAt");

-- AlterTable
ALTER TABLE "PasswordPolicy" ALTER COLUMN "minimumPasswordLength" SET DEFAULT 6;

-- CreateTable
CREATE TABLE "CredentialReport" (
    "accountId" VARCHAR(12) NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "CredentialReport_pkey" PRIMARY KEY ("accountId")
);

-- AddForeignKey
ALTER TABLE "CredentialReport" ADD CONSTRAINT "CredentialReport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

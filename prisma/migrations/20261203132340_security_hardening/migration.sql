-- AlterTable
ALTER TABLE "Role" ADD COLUMN     "trustPrincipalIds" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "TemporaryCredential" ADD COLUMN     "issuedToRoot" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "transitiveTagKeys" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "blockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SignInAttempt_updatedAt_idx" ON "SignInAttempt"("updatedAt");

-- CreateIndex
CREATE INDEX "TemporaryCredential_userId_idx" ON "TemporaryCredential"("userId");

-- CreateIndex
CREATE INDEX "TemporaryCredential_roleId_idx" ON "TemporaryCredential"("roleId");

-- Credentials of users that no longer exist were read as the account's root (a privilege
-- escalation): delete them, and mark the ones genuinely issued to root.
DELETE FROM "TemporaryCredential" WHERE "userId" IS NOT NULL AND "userId" NOT IN (SELECT "id" FROM "User");
DELETE FROM "TemporaryCredential" WHERE "kind" = 'assumed-role' AND ("roleId" IS NULL OR "roleId" NOT IN (SELECT "id" FROM "Role"));
UPDATE "TemporaryCredential" SET "issuedToRoot" = true WHERE "userId" IS NULL AND "kind" <> 'assumed-role';

-- AddForeignKey
ALTER TABLE "TemporaryCredential" ADD CONSTRAINT "TemporaryCredential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

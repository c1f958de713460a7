-- CreateTable
CREATE TABLE "PolicyGeneration" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "principalArn" TEXT NOT NULL,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3) NOT NULL,
    "trails" JSONB NOT NULL,
    "accessRole" TEXT NOT NULL,
    "clientToken" TEXT,
    "status" TEXT NOT NULL,
    "startedOn" TIMESTAMP(3) NOT NULL,
    "completedOn" TIMESTAMP(3),
    "access" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "PolicyGeneration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyGeneration_accountId_startedOn_idx" ON "PolicyGeneration"("accountId", "startedOn");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyGeneration_accountId_clientToken_key" ON "PolicyGeneration"("accountId", "clientToken");

-- AddForeignKey
ALTER TABLE "PolicyGeneration" ADD CONSTRAINT "PolicyGeneration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

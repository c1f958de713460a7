-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "reservationId" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "instanceType" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "securityGroupIds" TEXT[],
    "privateIpAddress" TEXT,
    "launchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stateChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Volume" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "availabilityZone" TEXT NOT NULL DEFAULT 'us-east-1a',
    "size" INTEGER NOT NULL,
    "snapshotId" TEXT,
    "volumeType" TEXT NOT NULL DEFAULT 'gp2',
    "encrypted" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'available',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Volume_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Instance_accountId_idx" ON "Instance"("accountId");

-- CreateIndex
CREATE INDEX "Volume_accountId_idx" ON "Volume"("accountId");

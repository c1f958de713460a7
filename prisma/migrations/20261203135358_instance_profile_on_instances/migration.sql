-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "iamInstanceProfileArn" TEXT,
ADD COLUMN     "iamInstanceProfileId" TEXT;

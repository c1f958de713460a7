-- AlterTable
ALTER TABLE "ServiceLastAccessedJob" ADD COLUMN     "requestedBy" TEXT NOT NULL DEFAULT '';

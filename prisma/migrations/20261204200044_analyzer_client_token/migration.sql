-- AlterTable
ALTER TABLE "Analyzer" ADD COLUMN     "clientRequestHash" TEXT,
ADD COLUMN     "clientToken" TEXT;

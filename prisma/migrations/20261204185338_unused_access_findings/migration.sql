-- AlterTable
ALTER TABLE "Analyzer" ADD COLUMN     "configuration" JSONB;

-- AlterTable
ALTER TABLE "AnalyzerFinding" ADD COLUMN     "details" JSONB,
ADD COLUMN     "findingType" TEXT NOT NULL DEFAULT 'ExternalAccess',
ADD COLUMN     "recommendation" JSONB;

-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Volume" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '[]';

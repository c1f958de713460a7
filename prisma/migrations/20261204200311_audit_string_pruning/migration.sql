-- Pruning of the audit dictionary (audit/dictionary-pruning.ts): retention marks the strings of
-- the audit partitions it drops ("retiringSince"), and a day later deletes the marked strings no
-- remaining event uses. A lookup of a marked string clears its mark first, so a writer never
-- gets an id that is about to go. The lookup answers inserted = true then, as for a new string:
-- inside a transaction the clearing exists only if the transaction commits, so the writer must
-- not cache the id before that.
ALTER TABLE "AuditString" ADD COLUMN     "retiringSince" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "AuditString_retiringSince_idx" ON "AuditString"("retiringSince");

-- Insert-or-get of one dictionary string, safe against concurrent inserts of the same one and
-- against the pruning: the UPDATE that clears a mark and the pruning's DELETE lock the row, and
-- a string the pruning deleted meanwhile is inserted anew (a new id, ids are never reused).
CREATE OR REPLACE FUNCTION audit_string(k smallint, v text, OUT id integer, OUT inserted boolean) LANGUAGE plpgsql AS E'
DECLARE
  retiring timestamptz\073
BEGIN
  inserted := false\073
  IF v IS NULL THEN
    id := 0\073
    RETURN\073
  END IF\073
  SELECT s."id", s."retiringSince" INTO id, retiring FROM "AuditString" s WHERE s."kind" = k AND s."value" = v\073
  IF FOUND AND retiring IS NULL THEN
    RETURN\073
  END IF\073
  IF FOUND THEN
    UPDATE "AuditString" s SET "retiringSince" = NULL WHERE s."id" = audit_string.id RETURNING s."id" INTO id\073
    IF id IS NOT NULL THEN
      inserted := true\073
      RETURN\073
    END IF\073
  END IF\073
  INSERT INTO "AuditString" ("kind", "value") VALUES (k, v) ON CONFLICT DO NOTHING RETURNING "AuditString"."id" INTO id\073
  IF id IS NOT NULL THEN
    inserted := true\073
    RETURN\073
  END IF\073
  SELECT s."id" INTO id FROM "AuditString" s WHERE s."kind" = k AND s."value" = v\073
END ';

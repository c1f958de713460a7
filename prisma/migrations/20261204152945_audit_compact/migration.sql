-- The audit log, compacted (issue 14): repeated strings become ids into a dictionary
-- (AuditString), the request ID a uuid, decision and protocol small codes, and the table is
-- range-partitioned by month on "time" so retention drops whole partitions.
-- Prisma cannot express partitions, views or INSTEAD OF triggers: this migration is hand SQL.
-- The model "AuditEvent" becomes a view that decodes the table, so readers that filter by
-- strings keep working.
-- The engine's migration runner splits scripts at every semicolon, even inside quotes: function
-- bodies spell theirs as the escape \073 (as in 20261124152024_integrity_constraints).

-- Kinds: 1 account, 2 principal ARN, 3 action, 4 resource, 5 error code, 6 source IP,
-- 7 user agent (audit/audit.ts). Key 0 means none. COLLATE "C" lets LIKE 'prefix%' use the index.
CREATE TABLE "AuditString" (
    "id" SERIAL NOT NULL,
    "kind" SMALLINT NOT NULL,
    "value" TEXT COLLATE "C" NOT NULL,

    CONSTRAINT "AuditString_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AuditString_kind_value_key" ON "AuditString"("kind", "value");

-- Columns ordered for alignment (8-byte, then 16, then 4, then 2): 88 bytes a row with its header.
-- decision: 1 allowed, 2 denied, 3 invalid. protocol: 1 rest, 2 query, 3 json.
CREATE TABLE "AuditEventRecord" (
    "time" TIMESTAMPTZ(3) NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "requestId" UUID NOT NULL,
    "accountKey" INTEGER NOT NULL,
    "principalKey" INTEGER NOT NULL,
    "actionKey" INTEGER NOT NULL,
    "resourceKey" INTEGER NOT NULL,
    "errorKey" INTEGER NOT NULL,
    "sourceIpKey" INTEGER NOT NULL,
    "userAgentKey" INTEGER NOT NULL,
    "decision" SMALLINT NOT NULL,
    "protocol" SMALLINT NOT NULL,

    CONSTRAINT "AuditEventRecord_pkey" PRIMARY KEY ("accountKey","time","id")
) PARTITION BY RANGE ("time");

-- The account's trail newest first is the primary key, by principal (ListAuditEvents, Access
-- Advisor) and by action (ListAuditEvents) have their own. Resource and decision filters read
-- the account's events in time order.
CREATE INDEX "AuditEventRecord_accountKey_principalKey_time_idx" ON "AuditEventRecord"("accountKey", "principalKey", "time");
CREATE INDEX "AuditEventRecord_accountKey_actionKey_time_idx" ON "AuditEventRecord"("accountKey", "actionKey", "time");

-- Events whose month has no partition yet (a clock far ahead) land here rather than fail.
CREATE TABLE "AuditEventRecord_default" PARTITION OF "AuditEventRecord" DEFAULT;

-- Creates the monthly partitions (UTC calendar months) from the month of first_time to the month
-- of last_time that do not exist yet, named AuditEventRecord_YYYY_MM. Returns how many it made.
-- Events of the month that the default partition took meanwhile move into the new partition.
CREATE FUNCTION audit_create_partitions(first_time timestamptz, last_time timestamptz) RETURNS integer LANGUAGE plpgsql AS E'
DECLARE
  m timestamp := date_trunc(''month'', first_time AT TIME ZONE ''UTC'')\073
  lo timestamptz\073
  hi timestamptz\073
  made integer := 0\073
  part text\073
BEGIN
  WHILE m <= last_time AT TIME ZONE ''UTC'' LOOP
    part := ''AuditEventRecord_'' || to_char(m, ''YYYY_MM'')\073
    IF to_regclass(quote_ident(part)) IS NULL THEN
      lo := m AT TIME ZONE ''UTC''\073
      hi := (m + interval ''1 month'') AT TIME ZONE ''UTC''\073
      CREATE TEMP TABLE IF NOT EXISTS audit_moved (LIKE "AuditEventRecord") ON COMMIT DELETE ROWS\073
      WITH d AS (DELETE FROM "AuditEventRecord_default" WHERE "time" >= lo AND "time" < hi RETURNING *) INSERT INTO audit_moved SELECT * FROM d\073
      EXECUTE format(''CREATE TABLE %I PARTITION OF "AuditEventRecord" FOR VALUES FROM (%L) TO (%L)'', part, lo, hi)\073
      INSERT INTO "AuditEventRecord" SELECT * FROM audit_moved\073
      DELETE FROM audit_moved\073
      made := made + 1\073
    END IF\073
    m := m + interval ''1 month''\073
  END LOOP\073
  RETURN made\073
END ';

-- Insert-or-get of one dictionary string, safe against concurrent inserts of the same one.
-- inserted tells the caller whether this transaction created it (then it is not yet committed).
CREATE FUNCTION audit_string(k smallint, v text, OUT id integer, OUT inserted boolean) LANGUAGE plpgsql AS E'
BEGIN
  inserted := false\073
  IF v IS NULL THEN
    id := 0\073
    RETURN\073
  END IF\073
  SELECT s."id" INTO id FROM "AuditString" s WHERE s."kind" = k AND s."value" = v\073
  IF FOUND THEN
    RETURN\073
  END IF\073
  INSERT INTO "AuditString" ("kind", "value") VALUES (k, v) ON CONFLICT DO NOTHING RETURNING "AuditString"."id" INTO id\073
  IF id IS NOT NULL THEN
    inserted := true\073
    RETURN\073
  END IF\073
  SELECT s."id" INTO id FROM "AuditString" s WHERE s."kind" = k AND s."value" = v\073
END ';

-- Move the existing events.
SELECT audit_create_partitions(coalesce(min("time") AT TIME ZONE 'UTC', now()), now() + interval '3 months') FROM "AuditEvent";

INSERT INTO "AuditString" ("kind", "value")
SELECT DISTINCT 1::smallint, "accountId" FROM "AuditEvent" WHERE "accountId" IS NOT NULL
UNION SELECT DISTINCT 2::smallint, "principalArn" FROM "AuditEvent" WHERE "principalArn" IS NOT NULL
UNION SELECT DISTINCT 3::smallint, "action" FROM "AuditEvent"
UNION SELECT DISTINCT 4::smallint, "resource" FROM "AuditEvent" WHERE "resource" IS NOT NULL
UNION SELECT DISTINCT 5::smallint, "errorCode" FROM "AuditEvent" WHERE "errorCode" IS NOT NULL
UNION SELECT DISTINCT 6::smallint, "sourceIp" FROM "AuditEvent" WHERE "sourceIp" IS NOT NULL
UNION SELECT DISTINCT 7::smallint, "userAgent" FROM "AuditEvent" WHERE "userAgent" IS NOT NULL;

INSERT INTO "AuditEventRecord" ("time", "id", "requestId", "accountKey", "principalKey", "actionKey", "resourceKey", "errorKey", "sourceIpKey", "userAgentKey", "decision", "protocol")
SELECT e."time" AT TIME ZONE 'UTC', e."id",
  CASE WHEN e."requestId" ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN e."requestId"::uuid ELSE md5(e."requestId")::uuid END,
  coalesce((SELECT s."id" FROM "AuditString" s WHERE s."kind" = 1 AND s."value" = e."accountId"), 0),
  coalesce((SELECT s."id" FROM "AuditString" s WHERE s."kind" = 2 AND s."value" = e."principalArn"), 0),
  (SELECT s."id" FROM "AuditString" s WHERE s."kind" = 3 AND s."value" = e."action"),
  coalesce((SELECT s."id" FROM "AuditString" s WHERE s."kind" = 4 AND s."value" = e."resource"), 0),
  coalesce((SELECT s."id" FROM "AuditString" s WHERE s."kind" = 5 AND s."value" = e."errorCode"), 0),
  coalesce((SELECT s."id" FROM "AuditString" s WHERE s."kind" = 6 AND s."value" = e."sourceIp"), 0),
  coalesce((SELECT s."id" FROM "AuditString" s WHERE s."kind" = 7 AND s."value" = e."userAgent"), 0),
  CASE e."decision" WHEN 'allowed' THEN 1 WHEN 'denied' THEN 2 ELSE 3 END,
  CASE e."protocol" WHEN 'rest' THEN 1 WHEN 'query' THEN 2 ELSE 3 END
FROM "AuditEvent" e;

SELECT setval(pg_get_serial_sequence('"AuditEventRecord"', 'id'), coalesce((SELECT max("id") FROM "AuditEvent"), 0) + 1, false);

DROP TABLE "AuditEvent";

-- The log as strings, for readers that filter by them (the model AuditEvent). Each join names
-- its kind, so a filter on a string (principalArn = … or LIKE 'prefix%') finds its ids through
-- the dictionary's (kind, value) index, then the events through theirs.
CREATE VIEW "AuditEvent" AS
SELECT e."id", e."time",
  a."value" AS "accountId", p."value" AS "principalArn", ac."value" AS "action", r."value" AS "resource",
  CASE e."decision" WHEN 1 THEN 'allowed' WHEN 2 THEN 'denied' ELSE 'invalid' END AS "decision",
  er."value" AS "errorCode", ip."value" AS "sourceIp", ua."value" AS "userAgent",
  e."requestId"::text AS "requestId",
  CASE e."protocol" WHEN 1 THEN 'rest' WHEN 2 THEN 'query' ELSE 'json' END AS "protocol"
FROM "AuditEventRecord" e
LEFT JOIN "AuditString" a ON a."id" = e."accountKey" AND a."kind" = 1
LEFT JOIN "AuditString" p ON p."id" = e."principalKey" AND p."kind" = 2
JOIN "AuditString" ac ON ac."id" = e."actionKey" AND ac."kind" = 3
LEFT JOIN "AuditString" r ON r."id" = e."resourceKey" AND r."kind" = 4
LEFT JOIN "AuditString" er ON er."id" = e."errorKey" AND er."kind" = 5
LEFT JOIN "AuditString" ip ON ip."id" = e."sourceIpKey" AND ip."kind" = 6
LEFT JOIN "AuditString" ua ON ua."id" = e."userAgentKey" AND ua."kind" = 7;

-- An INSERT into the view (a seed, a test, an operator's script) is stored through the dictionary.
-- A request ID that is not a uuid is stored as the uuid of its MD5.
CREATE FUNCTION audit_event_insert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."time" := coalesce(NEW."time", now())\073
  NEW."id" := coalesce(NEW."id", nextval(pg_get_serial_sequence(''"AuditEventRecord"'', ''id'')))\073
  NEW."userAgent" := left(NEW."userAgent", 512)\073
  INSERT INTO "AuditEventRecord" ("time", "id", "requestId", "accountKey", "principalKey", "actionKey", "resourceKey", "errorKey", "sourceIpKey", "userAgentKey", "decision", "protocol")
  VALUES (NEW."time", NEW."id",
    CASE WHEN NEW."requestId" ~* ''^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'' THEN NEW."requestId"::uuid ELSE md5(NEW."requestId")::uuid END,
    (audit_string(1::smallint, NEW."accountId")).id, (audit_string(2::smallint, NEW."principalArn")).id, (audit_string(3::smallint, NEW."action")).id,
    (audit_string(4::smallint, NEW."resource")).id, (audit_string(5::smallint, NEW."errorCode")).id, (audit_string(6::smallint, NEW."sourceIp")).id,
    (audit_string(7::smallint, NEW."userAgent")).id,
    CASE NEW."decision" WHEN ''allowed'' THEN 1 WHEN ''denied'' THEN 2 WHEN ''invalid'' THEN 3 END,
    CASE NEW."protocol" WHEN ''rest'' THEN 1 WHEN ''query'' THEN 2 WHEN ''json'' THEN 3 END)\073
  RETURN NEW\073
END ';
CREATE TRIGGER "AuditEvent_insert" INSTEAD OF INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_insert();

-- The audit log stays append-only (as in 20261124152024_integrity_constraints): no UPDATE of a
-- stored event nor through the view. Retention drops whole partitions.
CREATE TRIGGER "AuditEventRecord_no_update" BEFORE UPDATE ON "AuditEventRecord" FOR EACH ROW EXECUTE FUNCTION "audit_event_immutable"();
CREATE TRIGGER "AuditEvent_no_update" INSTEAD OF UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_immutable"();

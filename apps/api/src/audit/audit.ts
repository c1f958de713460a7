/**
 * One audit event per action, allowed or denied, written by the dispatcher only. Each request
 * waits until its event is stored; events of requests that finish together are stored by one
 * multi-row INSERT, so a busy server does not pay one round trip per event.
 *
 * Storage (issue 14, migration 20261204152945_audit_compact): an event is a fixed 88-byte row of
 * AuditEventRecord — its repeated strings (account, principal, action, resource, error code,
 * source IP, user agent) are ids into the AuditString dictionary, which each process caches, the
 * request ID a uuid, the decision and protocol small codes. The view AuditEvent decodes it.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { asyncCommitConnection, beforeCommit, OUTCOME_NOT_REFUSED, poolOf, queryRows, type Db, type Tx } from '../db/client';
import type { Caller } from '../auth/caller';
import { auditQueueDepth } from '../metrics';

export type AuditDecision = 'allowed' | 'denied' | 'invalid';

export interface AuditRecord {
  caller: Caller | undefined;
  /** The account whose log receives the event (default: the caller's). */
  accountId?: string;
  action: string;
  resource?: string;
  decision: AuditDecision;
  errorCode?: string;
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
  protocol: 'rest' | 'query' | 'json';
}

interface AuditRow {
  time: Date;
  accountId: string | null;
  principal: string | null;
  action: string;
  resource: string | null;
  decision: AuditDecision;
  errorCode: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string;
  protocol: string;
}

function toRow(record: AuditRecord): AuditRow {
  return {
    time: new Date(),
    accountId: record.accountId ?? record.caller?.accountId ?? null,
    principal: record.caller?.arn ?? null,
    action: record.action,
    resource: record.resource ?? null,
    decision: record.decision,
    errorCode: record.errorCode ?? null,
    sourceIp: record.sourceIp ?? record.caller?.sourceIp ?? null,
    userAgent: (record.userAgent ?? record.caller?.userAgent)?.slice(0, 512) ?? null,
    requestId: record.requestId,
    protocol: record.protocol,
  };
}

/** At most this many events per INSERT. */
const MAX_BATCH = 500;

/** The longest an AuditString id stays cached: far less than the pruning's RETIRE_AFTER_MS (a day). */
export const DICTIONARY_CACHE_LIFETIME_MS = 60 * 60_000;

/** AuditString kinds. */
const KIND = { account: 1, principal: 2, action: 3, resource: 4, errorCode: 5, sourceIp: 6, userAgent: 7 } as const;
type Kind = keyof typeof KIND;
const KINDS = Object.keys(KIND) as Kind[];
export const DECISION_CODE: Record<AuditDecision, number> = { allowed: 1, denied: 2, invalid: 3 };
const PROTOCOL_CODE: Record<string, number> = { rest: 1, query: 2, json: 3 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Client = Db | Tx;

/**
 * The process's cache of AuditString ids. Bounded: cleared when full, then refilled by the
 * strings in use, and every DICTIONARY_CACHE_LIFETIME_MS, so no id is kept longer: retention
 * deletes the strings no event uses a day after marking them, and a lookup clears the mark
 * (dictionary-pruning.ts says why a cached id cannot outlive its string).
 */
export class AuditDictionary {
  /** One map per kind: a string's hash is computed once per string object, not per lookup. */
  private ids = new Map<number, Map<string, number>>();
  private size = 0;

  constructor(private readonly maxEntries = 100_000) {
    setInterval(() => {
      this.ids.clear();
      this.size = 0;
    }, DICTIONARY_CACHE_LIFETIME_MS).unref();
  }

  /** The ids of these strings (0 for none) if every one is cached, else undefined. */
  cachedKeys(wanted: { kind: number; value: string | null }[]): number[] | undefined {
    const out = new Array<number>(wanted.length);
    for (let i = 0; i < wanted.length; i++) {
      const { kind, value } = wanted[i]!;
      const id = value === null ? 0 : this.ids.get(kind)?.get(value);
      if (id === undefined) return undefined;
      out[i] = id;
    }
    return out;
  }

  /**
   * The ids of these strings (0 for none), inserting the new ones. Inside a transaction
   * (`inTransaction`), a string this transaction inserted is not cached: it exists only if the
   * transaction commits.
   */
  async keys(client: Client, wanted: { kind: number; value: string | null }[], inTransaction: boolean): Promise<number[]> {
    const out = new Array<number>(wanted.length).fill(0);
    let missing: Map<string, { kind: number; value: string; at: number[] }> | undefined;
    for (let i = 0; i < wanted.length; i++) {
      const { kind, value } = wanted[i]!;
      if (value === null) continue;
      const id = this.ids.get(kind)?.get(value);
      if (id !== undefined) {
        out[i] = id;
        continue;
      }
      missing ??= new Map();
      const key = `${kind}:${value}`;
      const entry = missing.get(key);
      if (entry) entry.at.push(i);
      else missing.set(key, { kind, value, at: [i] });
    }
    if (!missing) return out;
    const entries = [...missing.values()];
    // One statement for all the new strings, in a fixed shape; audit_string is insert-or-get
    // and safe against a concurrent insert of the same string (by another request or replica).
    // On its own (not in a write's transaction) it commits without waiting for the disk: no event
    // can use a string before it is stored, and an event's own synchronous commit flushes the
    // write-ahead log up to itself, the string's insert included; a string whose event was never
    // committed is worth nothing. (A new user's ARN cost CreateUser a second disk flush.)
    const rows = await queryRows<{ n: number; id: number; inserted: boolean }>(client, inTransaction ? LOOKUP_STRINGS : LOOKUP_STRINGS_ASYNCHRONOUS_COMMIT, [
      entries.map((e) => e.kind),
      entries.map((e) => e.value),
    ]);
    if (this.size + rows.length > this.maxEntries) {
      this.ids.clear();
      this.size = 0;
    }
    for (const row of rows) {
      const entry = entries[row.n - 1]!;
      for (const i of entry.at) out[i] = row.id;
      if (inTransaction && row.inserted) continue;
      let byValue = this.ids.get(entry.kind);
      if (!byValue) this.ids.set(entry.kind, (byValue = new Map()));
      if (!byValue.has(entry.value)) this.size++;
      byValue.set(entry.value, row.id);
    }
    return out;
  }
}

const LOOKUP_STRINGS = `SELECT t.n::int AS n, s.id, s.inserted
  FROM unnest($1::int2[], $2::text[]) WITH ORDINALITY AS t(k, v, n), LATERAL audit_string(t.k, t.v) s`;
const LOOKUP_STRINGS_ASYNCHRONOUS_COMMIT = `${LOOKUP_STRINGS} CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit`;

/**
 * Group commit: one INSERT is in flight at a time, and the events that arrive meanwhile go into
 * the next one — under load a batch holds every request that finished during the previous
 * insert, so the cost per event falls as the load rises. The statement has one shape whatever
 * the batch size (one array per column, unnested), so PostgreSQL and Prisma plan it once.
 */
export class AuditLog {
  private pending: { row: AuditRow; done: (error?: unknown) => void }[] = [];
  private flushing = false;
  readonly dictionary = new AuditDictionary();
  /** Where the group commit's INSERTs go: a connection of the pool's own, or the connection of asyncCommit. */
  private readonly events: pg.Pool;
  /** Reads' events commit without waiting for the disk (PORTCULLIS_AUDIT_ASYNC_COMMIT). */
  private readonly asyncCommit: boolean;
  /** Reads whose events are on their way with them (readWithEvents). */
  private readsCarryingEvents = 0;

  /**
   * `asyncCommit` (PORTCULLIS_AUDIT_ASYNC_COMMIT, off by default): the group commit's INSERTs — the
   * events of reads and of refused or failed calls, never a write's own — and the reads that carry
   * their own events (readWithEvents) are committed with synchronous_commit off, so a request no
   * longer waits for the WAL flush (0.7 ms quiet, several under load). A committed event is at once
   * visible and survives the death of this process (kill -9 included): PostgreSQL's WAL writer
   * flushes it within 3 × wal_writer_delay (600 ms by default). What is given up: a crash of
   * PostgreSQL itself, of its machine or its disk's power within that window loses those events
   * although their calls were answered. Writes' events, committed with their changes, are never
   * affected; the dictionary's strings stay synchronous.
   */
  constructor(
    private readonly db: Db,
    options: { asyncCommit?: boolean } = {},
  ) {
    this.asyncCommit = options.asyncCommit ?? false;
    this.events = this.asyncCommit ? asyncCommitConnection(db) : poolOf(db);
  }

  /** Stores the event; resolves once it is in the database. */
  write(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row: toRow(record), done: (error) => (error ? reject(error) : resolve()) });
      auditQueueDepth.inc();
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /**
   * Stores (outside any transaction) and caches the dictionary strings of events that will be
   * written by writeIn, so that the write's transaction only inserts the event.
   */
  async prepare(records: AuditRecord[]): Promise<void> {
    await this.dictionary.keys(this.db, dictionaryStrings(records.map(toRow)), false);
  }

  /**
   * Stores events inside the caller's transaction (a write action's own): they commit with its
   * changes or roll back with them. A NOTIFY the transaction sends on commit goes in the same
   * statement (one round trip fewer per write).
   */
  async writeIn(tx: Client, records: AuditRecord[], notify?: Notification): Promise<void> {
    await insertRows(tx, this.dictionary, records.map(toRow), true, notify);
  }

  /**
   * Stores a write's events with its changes, sent right before its COMMIT in the same socket
   * write (db/client beforeCommit): with the handler's last statement when `withLast`, stored
   * only if that statement did not mark the transaction refused. Its rows (one per event, or the
   * NOTIFY's row) tell whether they were stored. Undefined when that is not possible here (not a
   * direct transaction, or a string not cached yet): the caller then uses writeIn.
   */
  writeBeforeCommit(tx: Tx, records: AuditRecord[], notify: Notification | undefined, withLast: boolean): Promise<unknown[]> | undefined {
    const values = this.cachedEventValues(records);
    if (!values) return undefined;
    return notify
      ? beforeCommit(tx, `WITH stored AS (${INSERT_EVENTS_UNLESS_REFUSED}) SELECT pg_notify($12, $13)::text FROM (SELECT 1) AS one WHERE EXISTS (SELECT 1 FROM stored)`, [...values, notify.channel, notify.payload], { withLast })
      : beforeCommit(tx, INSERT_EVENTS_UNLESS_REFUSED, values, { withLast });
  }

  /**
   * A read and its events in one statement (dispatch.ts, ActionDefinition.presumedTarget), which
   * is its own transaction: `read` (one SELECT whose rows carry the entity's "arn"), and the
   * events, stored by the same statement only if it found a row with the presumed ARN. The read's
   * rows and whether the events were stored; undefined when an event's string is not cached yet
   * (nothing was sent). Like the group commit's, committed without waiting for the disk when
   * asyncCommit is set. Sent on a connection of its own (the pool's), as the group commit's are:
   * a commit that waits for the disk does not hold up the reads of the same turn.
   */
  async readWithEvents<T>(read: string, readValues: unknown[], presumedArn: string, records: AuditRecord[]): Promise<{ rows: T[]; stored: boolean } | undefined> {
    const values = this.cachedEventValues(records);
    if (!values) return undefined;
    const next = readValues.length + 1;
    const text = `WITH found AS (${read}),
      stored AS (${insertEvents(next)} WHERE EXISTS (SELECT 1 FROM found WHERE found."arn" = $${next + EVENT_COLUMNS})${this.asyncCommit ? ` AND ${ASYNCHRONOUS_COMMIT}` : ''} RETURNING 1)
      SELECT found.*, (SELECT count(*) FROM stored)::int AS "eventsStored" FROM found`;
    this.readsCarryingEvents++;
    try {
      const found = await queryRows<T & { eventsStored: number }>(poolOf(this.db), text, [...readValues, ...values, presumedArn]);
      return { rows: found.map(({ eventsStored: _, ...row }) => row as T), stored: found.length > 0 && found[0]!.eventsStored === records.length };
    } finally {
      this.readsCarryingEvents--;
    }
  }

  /** The INSERT's parameters for these events, if every string of theirs has its id cached; else undefined. */
  private cachedEventValues(records: AuditRecord[]): unknown[][] | undefined {
    const rows = records.map(toRow);
    const keys = this.dictionary.cachedKeys(dictionaryStrings(rows));
    return keys && eventValues(rows, keys);
  }

  /**
   * Nothing is being committed: no group commit in flight or waiting, no read carrying its
   * events (readWithEvents). Only then is a read's own commit as cheap as joining the group
   * commit; under concurrent reads, one INSERT and one disk flush for many events is cheaper.
   */
  get quiet(): boolean {
    return !this.flushing && this.readsCarryingEvents === 0;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await insertRows(this.db, this.dictionary, batch.map((b) => b.row), false, undefined, this.events);
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      }
      auditQueueDepth.dec(batch.length);
    }
    this.flushing = false;
  }
}

/** A request ID as a uuid: ours are (app.ts); any other text is stored as the uuid of its MD5. */
function requestUuid(requestId: string): string {
  if (UUID.test(requestId)) return requestId;
  return createHash('md5').update(requestId).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

/** The dictionary strings of events: KINDS.length per event, in KINDS order. */
function dictionaryStrings(rows: AuditRow[]): { kind: number; value: string | null }[] {
  return rows.flatMap((row) => KINDS.map((kind) => ({ kind: KIND[kind], value: kind === 'account' ? row.accountId : row[kind] })));
}

/** A NOTIFY (pg_notify's channel and payload). */
export interface Notification {
  channel: string;
  payload: string;
}

/** One INSERT of many events, in one fixed statement shape (one array per column, unnested), and the NOTIFY if any. */
async function insertRows(client: Client, dictionary: AuditDictionary, rows: AuditRow[], inTransaction: boolean, notify?: Notification, eventsClient: Client | pg.Pool = client): Promise<void> {
  const values = eventValues(rows, await dictionary.keys(client, dictionaryStrings(rows), inTransaction));
  if (!notify) {
    await queryRows(eventsClient, INSERT_EVENTS, values);
    return;
  }
  // A data-modifying WITH runs whatever the main query reads.
  await queryRows(client, `WITH stored AS (${INSERT_EVENTS}) SELECT pg_notify($12, $13)::text`, [...values, notify.channel, notify.payload]);
}

/** The INSERT's parameters ($1–$11) for these events, given their strings' dictionary ids. */
function eventValues(rows: AuditRow[], keys: number[]): unknown[][] {
  const column = (kind: Kind) => rows.map((_, r) => keys[r * KINDS.length + KINDS.indexOf(kind)]!);
  for (const row of rows) {
    if (!(row.protocol in PROTOCOL_CODE)) throw new Error(`unknown audit protocol ${row.protocol}`);
  }
  return [
    // Times travel as UTC ISO strings.
    rows.map((row) => row.time.toISOString()),
    rows.map((row) => requestUuid(row.requestId)),
    ...KINDS.map(column),
    rows.map((row) => DECISION_CODE[row.decision]),
    rows.map((row) => PROTOCOL_CODE[row.protocol]!),
  ];
}

/** The events' INSERT: one array per column ($first, $first + 1, …; the keys in KINDS order), unnested. */
function insertEvents(first: number): string {
  const at = (column: number) => `$${first + column}`;
  return `
  INSERT INTO "AuditEventRecord" ("time", "requestId", "accountKey", "principalKey", "actionKey", "resourceKey", "errorKey", "sourceIpKey", "userAgentKey", "decision", "protocol")
  SELECT * FROM unnest(${at(0)}::timestamptz[], ${at(1)}::uuid[], ${at(2)}::int4[], ${at(3)}::int4[], ${at(4)}::int4[], ${at(5)}::int4[], ${at(6)}::int4[], ${at(7)}::int4[], ${at(8)}::int4[], ${at(9)}::int2[], ${at(10)}::int2[])`;
}
/** The columns insertEvents takes (eventValues' arrays). */
const EVENT_COLUMNS = 11;
const INSERT_EVENTS = insertEvents(1);
/** An SQL condition, true, that makes its transaction's COMMIT return before its WAL reaches the disk. */
const ASYNCHRONOUS_COMMIT = `set_config('synchronous_commit', 'off', true) IS NOT NULL`;
/** The events' INSERT in a direct transaction, unless its last statement marked the call refused (db/client outcomeMark). */
const INSERT_EVENTS_UNLESS_REFUSED = `${INSERT_EVENTS} WHERE ${OUTCOME_NOT_REFUSED} RETURNING 1`;

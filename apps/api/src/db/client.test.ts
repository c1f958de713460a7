/**
 * The database client's transactions: queryRows inside `transaction` runs on the transaction's
 * own connection (its BEGIN ISOLATION LEVEL sent with the first statement), commits and rolls
 * back with it, and refuses once it has ended; statements sent in one turn go out together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../../test/test-database';
import { beforeCommit, createDb, OUTCOME_NOT_REFUSED, outcomeMark, queryRows, sqlRows, transaction, type Db, type Tx } from './client';
import { Prisma } from './generated/client';

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Db;
const serializable = { isolationLevel: 'Serializable' as const, timeout: 30_000, maxWait: 10_000 };

beforeAll(async () => {
  database = await createEmptyDatabase();
  db = createDb(database.url, 4);
  await db.$executeRawUnsafe('CREATE TABLE "Row" ("n" int PRIMARY KEY, "at" timestamp(3))');
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const stored = async () => (await queryRows<{ n: number }>(db, 'SELECT "n" FROM "Row" ORDER BY "n"', [])).map((row) => row.n);

describe('queryRows on the pool', () => {
  const pid = async () => (await queryRows<{ pid: number }>(db, 'SELECT pg_backend_pid() AS pid', []))[0]!.pid;

  it('sends the statements of one turn on one connection, each answered on its own', async () => {
    const [pids, failed, after] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, pid)),
      queryRows(db, 'SELECT 1/0', []).catch((error: { code?: string }) => error.code),
      queryRows<{ n: number }>(db, 'SELECT $1::int AS n', [7]),
    ]);
    expect(new Set(pids).size).toBe(1);
    // An SQL error fails its own statement only: the next one on the connection is answered.
    expect(failed).toBe('22012');
    expect(after).toEqual([{ n: 7 }]);
  });

  it('prepares each statement once per connection (a named prepared statement)', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    const [first, , listed] = await Promise.all([
      queryRows<{ n: number }>(db, text, [1]),
      queryRows<{ n: number }>(db, text, [2]),
      queryRows<{ statement: string }>(db, 'SELECT statement FROM pg_prepared_statements WHERE NOT from_sql', []),
    ]);
    expect(first).toEqual([{ n: 2 }]);
    expect(listed.filter((row) => row.statement === text)).toHaveLength(1);
  });

  it('gives the connection back once the turn’s statements are answered, and keeps it after an SQL error', async () => {
    // The pool holds four connections (createDb above): a connection kept by a turn would soon
    // leave none (connect times out), and one discarded for an SQL error would show a new pid.
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const [a, b] = await Promise.all([pid(), pid(), queryRows(db, 'SELECT 1/0', []).catch(() => undefined)]);
      seen.add(a).add(b);
    }
    expect(seen.size).toBeLessThanOrEqual(4);
  });
});

describe('transaction', () => {
  it('runs queryRows on the transaction’s own connection, at its isolation level', async () => {
    const seen = await transaction(
      db,
      async (tx) => {
        // The first statement is a direct one: it carries the held BEGIN.
        const [direct] = await queryRows<{ xid: string; pid: number; level: string }>(tx, `SELECT txid_current()::text AS xid, pg_backend_pid() AS pid, current_setting('transaction_isolation') AS level`, []);
        const [viaPrisma] = await tx.$queryRaw<{ xid: string; pid: number }[]>`SELECT txid_current()::text AS xid, pg_backend_pid() AS pid`;
        return { direct, viaPrisma };
      },
      serializable,
    );
    expect(seen.direct!.level).toBe('serializable');
    expect(seen.direct!.xid).toBe(seen.viaPrisma!.xid);
    expect(seen.direct!.pid).toBe(seen.viaPrisma!.pid);
  });

  it('commits direct statements with the transaction, and rolls them back with it', async () => {
    await transaction(db, (tx) => queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [1]), serializable);
    await expect(
      transaction(
        db,
        async (tx) => {
          await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [2]);
          await tx.$executeRaw`INSERT INTO "Row" ("n") VALUES (3)`;
          throw new Error('refused');
        },
        serializable,
      ),
    ).rejects.toThrow('refused');
    expect(await stored()).toEqual([1]);
  });

  it('a failed direct statement aborts the transaction', async () => {
    await expect(
      transaction(
        db,
        async (tx) => {
          await Promise.all([tx.$executeRaw`INSERT INTO "Row" ("n") VALUES (4)`, queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [1])]);
        },
        serializable,
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual([1]);
  });

  it('statements sent together keep their order and each get their own rows', async () => {
    const results = await transaction(
      db,
      (tx) => Promise.all(Array.from({ length: 20 }, (_, i) => queryRows<{ n: number }>(tx, 'INSERT INTO "Row" ("n") VALUES ($1) RETURNING "n"', [100 + i]))),
      serializable,
    );
    expect(results.map(([row]) => row!.n)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    await db.$executeRawUnsafe('DELETE FROM "Row" WHERE "n" >= 100');
  });

  it('refuses a direct statement once the transaction has ended', async () => {
    let kept: Tx | undefined;
    await transaction(
      db,
      async (tx) => {
        kept = tx;
        await queryRows(tx, 'SELECT 1', []);
      },
      serializable,
    );
    await expect(queryRows(kept!, 'INSERT INTO "Row" ("n") VALUES ($1)', [9])).rejects.toThrow('the transaction has already ended');
    expect(await stored()).toEqual([1]);
  });

  it('sqlRows stores an instant as UTC, whatever the process’s time zone', async () => {
    const at = new Date('2026-12-04T21:30:00.123Z');
    await transaction(db, (tx) => sqlRows(tx, Prisma.sql`INSERT INTO "Row" ("n", "at") VALUES (${5}::int, ${at}::timestamp(3))`), serializable);
    const [row] = await queryRows<{ at: string }>(db, `SELECT to_char("at", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at FROM "Row" WHERE "n" = 5`, []);
    expect(row!.at).toBe('2026-12-04T21:30:00.123');
  });
});

describe('transaction, direct (without Prisma’s interactive transaction)', () => {
  const direct = { ...serializable, direct: true };
  const clear = () => db.$executeRawUnsafe('DELETE FROM "Row" WHERE "n" >= 200');

  it('runs the statements in one transaction at its isolation level, and commits them', async () => {
    const seen = await transaction(
      db,
      async (tx) => {
        const [first] = await queryRows<{ xid: string; level: string }>(tx, `SELECT txid_current()::text AS xid, current_setting('transaction_isolation') AS level`, []);
        await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [200]);
        const [second] = await queryRows<{ xid: string }>(tx, 'SELECT txid_current()::text AS xid', []);
        return { first, second };
      },
      direct,
    );
    expect(seen.first!.level).toBe('serializable');
    expect(seen.second!.xid).toBe(seen.first!.xid);
    expect(await stored()).toContain(200);
    await clear();
  });

  it('rolls everything back when the work fails, and the connection serves the next transaction', async () => {
    await expect(
      transaction(
        db,
        async (tx) => {
          await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [201]);
          throw new Error('refused');
        },
        direct,
      ),
    ).rejects.toThrow('refused');
    await expect(transaction(db, (tx) => Promise.all([queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [202]), queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [1])]), direct)).rejects.toMatchObject({ code: '23505' });
    // Fifty more on a pool of four: none was left open or leaked.
    for (let i = 0; i < 50; i++) expect(await transaction(db, (tx) => queryRows<{ open: boolean }>(tx, 'SELECT now() = statement_timestamp() AS open', []), direct)).toEqual([{ open: false }]);
    expect((await stored()).filter((n) => n >= 200)).toEqual([]);
  });

  it('work that reaches for Prisma’s client is rolled back and run again in Prisma’s transaction', async () => {
    const runs: string[] = [];
    const result = await transaction(
      db,
      async (tx) => {
        await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [210 + runs.length]);
        runs.push('ran');
        // Whatever the work does with the refusal, the run does not count.
        try {
          await tx.$executeRaw`INSERT INTO "Row" ("n") VALUES (220)`;
        } catch {
          return 'swallowed';
        }
        return 'with Prisma';
      },
      direct,
    );
    expect(result).toBe('with Prisma');
    expect(runs).toHaveLength(2);
    expect((await stored()).filter((n) => n >= 200)).toEqual([211, 220]);
    await clear();
  });

  it('a transaction PostgreSQL cannot serialize fails with 40001 (the dispatcher retries it)', async () => {
    // Write skew: each reads what the other writes.
    let bothRead!: () => void;
    const read = new Promise<void>((resolve) => {
      let count = 0;
      bothRead = () => ++count === 2 && resolve();
    });
    const skewed = (n: number) =>
      transaction(
        db,
        async (tx) => {
          await queryRows(tx, 'SELECT count(*) FROM "Row" WHERE "n" >= 230', []);
          bothRead();
          await read;
          await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [n]);
        },
        direct,
      );
    const outcomes = await Promise.allSettled([skewed(230), skewed(231)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: '40001' } });
    await clear();
  });

  it('work that outlives its timeout is rolled back, and its later statements are refused', async () => {
    let kept: Tx | undefined;
    await expect(
      transaction(
        db,
        async (tx) => {
          kept = tx;
          await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [240]);
          await queryRows(tx, 'SELECT pg_sleep(2)', []);
        },
        { ...direct, timeout: 300 },
      ),
    ).rejects.toThrow('not finished within 300 ms');
    await expect(queryRows(kept!, 'INSERT INTO "Row" ("n") VALUES ($1)', [241])).rejects.toThrow('the transaction has already ended');
    expect((await stored()).filter((n) => n >= 200)).toEqual([]);
    expect(await queryRows(db, 'SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
  });
});

describe('transaction, direct: connections', () => {
  it('work that went on past a failed statement of its own stores nothing, and fails', async () => {
    await expect(
      transaction(
        db,
        async (tx) => {
          await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [250]);
          await queryRows(tx, 'SELECT 1/0', []).catch(() => undefined);
        },
        { ...serializable, direct: true },
      ),
    ).rejects.toThrow('rolled back at COMMIT');
    expect((await stored()).filter((n) => n >= 200)).toEqual([]);
  });

  it('a refused write (an error of the work’s own) keeps its connection', async () => {
    const pid = (tx: Tx) => queryRows<{ pid: number }>(tx, 'SELECT pg_backend_pid() AS pid', []).then(([row]) => row!.pid);
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      await transaction(
        db,
        async (tx) => {
          seen.add(await pid(tx));
          throw new Error('DeleteConflict');
        },
        { ...serializable, direct: true },
      ).catch(() => undefined);
    }
    // One connection serves them all, as after a commit (a discarded one would show a new pid).
    expect(seen.size).toBe(1);
  });
});

describe('transaction, direct: the last statement carries the COMMIT', () => {
  const direct = { ...serializable, direct: true };
  const finalInsert = (tx: Tx, n: number, withLast: boolean) => beforeCommit<{ n: number }>(tx, `INSERT INTO "Row" ("n") SELECT $1 WHERE ${OUTCOME_NOT_REFUSED} RETURNING "n"`, [n], { withLast });
  const clear = () => db.$executeRawUnsafe('DELETE FROM "Row" WHERE "n" >= 300');

  it('sends the beforeCommit statement and the COMMIT with the last statement; nothing may follow', async () => {
    let kept: Tx | undefined;
    let final: Promise<{ n: number }[]> | undefined;
    await transaction(
      db,
      async (tx) => {
        kept = tx;
        final = finalInsert(tx, 301, true);
        await queryRows(tx, `INSERT INTO "Row" ("n") VALUES ($1)`, [300], { last: true });
        await expect(queryRows(tx, 'SELECT 1', [])).rejects.toThrow('the transaction has already ended');
      },
      direct,
    );
    expect(await final).toEqual([{ n: 301 }]);
    expect((await stored()).filter((n) => n >= 300)).toEqual([300, 301]);
    await expect(queryRows(kept!, 'SELECT 1', [])).rejects.toThrow('the transaction has already ended');
    await clear();
  });

  it('a last statement that marks the transaction refused keeps the beforeCommit statement from storing anything', async () => {
    await expect(
      transaction(
        db,
        async (tx) => {
          void finalInsert(tx, 311, true);
          const [row] = await queryRows<{ refused: boolean }>(tx, `SELECT ${outcomeMark('false')} = 'refused' AS refused`, [], { last: true });
          if (row!.refused) throw new Error('NoSuchEntity');
        },
        direct,
      ),
    ).rejects.toThrow('NoSuchEntity');
    expect((await stored()).filter((n) => n >= 300)).toEqual([]);
  });

  it('a last statement that fails rolls the beforeCommit statement back with it', async () => {
    await expect(transaction(db, async (tx) => void (finalInsert(tx, 321, true), await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [1], { last: true })), direct)).rejects.toMatchObject({ code: '23505' });
    expect((await stored()).filter((n) => n >= 300)).toEqual([]);
  });

  it('without a last statement, the beforeCommit statement goes with the COMMIT once the work has succeeded, and not when it fails', async () => {
    await transaction(db, async (tx) => void (finalInsert(tx, 331, false), await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [330], { last: true })), direct);
    await expect(transaction(db, async (tx) => void (finalInsert(tx, 341, false), await Promise.reject(new Error('refused'))), direct)).rejects.toThrow('refused');
    expect((await stored()).filter((n) => n >= 300)).toEqual([330, 331]);
    await clear();
  });

  it('a beforeCommit statement the transaction ended without sending answers no rows (it never waits forever)', async () => {
    let failed: Promise<{ n: number }[]> | undefined;
    await expect(
      transaction(
        db,
        async (tx) => {
          failed = finalInsert(tx, 361, true);
          await queryRows(tx, 'SELECT 1', []);
          throw new Error('refused before the last statement');
        },
        direct,
      ),
    ).rejects.toThrow('refused before the last statement');
    expect(await failed).toEqual([]);
    let unused: Promise<{ n: number }[]> | undefined;
    await transaction(db, async (tx) => void (unused = finalInsert(tx, 362, true)), direct);
    expect(await unused).toEqual([{ n: 362 }]);
    expect((await stored()).filter((n) => n >= 300)).toEqual([362]);
    await clear();
  });

  it('work that reaches for Prisma after its last statement committed it fails loudly', async () => {
    await expect(
      transaction(
        db,
        async (tx) => {
          void finalInsert(tx, 351, true);
          await queryRows(tx, 'INSERT INTO "Row" ("n") VALUES ($1)', [350], { last: true });
          await tx.$executeRaw`SELECT 1`;
        },
        direct,
      ),
    ).rejects.toThrow('after its last statement');
    await clear();
  });
});


import { createDb, poolOf, queryRows, transaction } from './db/client';

(async () => {
  const db = createDb('postgresql://postgres@127.0.0.1:5432/lead_strace', 4);
  const pool = poolOf(db);
  await pool.query("SET synchronous_commit = off");
  const N = 2000;
  const measure = async (name: string, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 200; i++) await fn();
    const c0 = process.cpuUsage(); const t0 = performance.now();
    for (let i = 0; i < N; i++) await fn();
    const c = process.cpuUsage(c0); const t = performance.now() - t0;
    console.log(name, 'wall us/op', (1000 * t / N).toFixed(0), 'cpu us/op', ((c.user + c.system) / N).toFixed(0));
  };
  const opts = { isolationLevel: 'Serializable' as const, timeout: 30000, maxWait: 10000 };
  await measure('prisma tx + 1 direct stmt', () => transaction(db, (tx) => queryRows(tx, 'SELECT 1 AS x', []), opts));
  await measure('pg BEGIN+stmt pipelined, COMMIT', async () => {
    const c = await pool.connect();
    try {
      await Promise.all([c.query('BEGIN ISOLATION LEVEL SERIALIZABLE'), c.query({ name: 'lead1', text: 'SELECT 1 AS x', values: [] })]);
      await c.query('COMMIT');
    } finally { c.release(); }
  });
  await measure('pool stmt', () => queryRows(db, 'SELECT 1 AS x', []));
  await db.$disconnect();
})();

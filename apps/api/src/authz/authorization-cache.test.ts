import { describe, expect, it } from 'vitest';
import { AuthorizationCache, CacheCoherence, principalOf } from './authorization-cache';

const ACCOUNT = '123456789012';
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;

function setup() {
  const coherence = new CacheCoherence();
  const cache = new AuthorizationCache<string>(coherence, { ttlMs: 60_000, maxEntries: 100 });
  let loads = 0;
  const get = (key: string, arn: string, value = 'v') =>
    cache.get(key, ACCOUNT, async () => {
      loads++;
      return { value, owner: { accountId: ACCOUNT, principalArns: [arn] } };
    });
  return { coherence, cache, get, loads: () => loads };
}

describe('AuthorizationCache', () => {
  it('serves a stored entry until a change of its scope', async () => {
    const { cache, get, loads } = setup();
    await get('alice', ALICE);
    await get('bob', BOB);
    await get('alice', ALICE);
    expect(loads()).toBe(2);
    cache.invalidate({ accountId: ACCOUNT, principalArn: BOB });
    await get('alice', ALICE);
    expect(loads()).toBe(2);
    await get('bob', BOB);
    expect(loads()).toBe(3);
    cache.invalidate({ accountId: '210987654321' });
    await get('alice', ALICE);
    expect(loads()).toBe(3);
    cache.invalidate({ accountId: ACCOUNT });
    await get('alice', ALICE);
    await get('bob', BOB);
    expect(loads()).toBe(5);
  });

  it('matches principals regardless of case, as IAM names are', async () => {
    const { cache, get, loads } = setup();
    await get('alice', ALICE);
    cache.invalidate({ accountId: ACCOUNT, principalArn: ALICE.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam') });
    await get('alice', ALICE);
    expect(loads()).toBe(2);
  });

  it('does not store a load that a change in its account overtook', async () => {
    const { cache } = setup();
    let finish!: (value: { value: string; owner: { accountId: string; principalArns: string[] } }) => void;
    const racing = cache.get('alice', ACCOUNT, () => new Promise((resolve) => (finish = resolve)));
    // The detach commits while the load is still reading the old state.
    cache.invalidate({ accountId: ACCOUNT, principalArn: BOB });
    finish({ value: 'old', owner: { accountId: ACCOUNT, principalArns: [ALICE] } });
    expect(await racing).toBe('old');
    expect(await cache.get('alice', ACCOUNT, async () => ({ value: 'new', owner: { accountId: ACCOUNT, principalArns: [ALICE] } }))).toBe('new');
  });

  it('treats a load of unknown account (an access key) as overtaken by any change', async () => {
    const { cache } = setup();
    let finish!: (value: { value: string; owner: { accountId: string; principalArns: string[] } }) => void;
    const racing = cache.get('AKIA1', undefined, () => new Promise((resolve) => (finish = resolve)));
    cache.invalidate({ accountId: '210987654321' });
    finish({ value: 'old', owner: { accountId: ACCOUNT, principalArns: [ALICE] } });
    await racing;
    expect(await cache.get('AKIA1', undefined, async () => ({ value: 'new' }))).toBe('new');
  });

  it('never stores a load that found nothing to own', async () => {
    const { cache } = setup();
    await cache.get('ghost', ACCOUNT, async () => ({ value: 'none' }));
    expect(await cache.get('ghost', ACCOUNT, async () => ({ value: 'again' }))).toBe('again');
  });

  it('reads through while the replica cannot hear the others, and starts empty once it can', async () => {
    const { coherence, get, loads } = setup();
    await get('alice', ALICE);
    coherence.lost();
    await get('alice', ALICE);
    await get('alice', ALICE);
    expect(loads()).toBe(3);
    coherence.resumed();
    await get('alice', ALICE);
    await get('alice', ALICE);
    expect(loads()).toBe(4);
  });

  it('does not store a load that ran while the connection was lost and regained', async () => {
    const { coherence, cache } = setup();
    let finish!: (value: { value: string; owner: { accountId: string; principalArns: string[] } }) => void;
    const racing = cache.get('alice', ACCOUNT, () => new Promise((resolve) => (finish = resolve)));
    coherence.lost();
    coherence.resumed();
    finish({ value: 'old', owner: { accountId: ACCOUNT, principalArns: [ALICE] } });
    await racing;
    expect(await cache.get('alice', ACCOUNT, async () => ({ value: 'new', owner: { accountId: ACCOUNT, principalArns: [ALICE] } }))).toBe('new');
  });
});

describe('principalOf', () => {
  it('names users, roles and root of the account only', () => {
    expect(principalOf(ALICE, ACCOUNT)).toBe(ALICE);
    expect(principalOf(`arn:aws:iam::${ACCOUNT}:role/service-role/r`, ACCOUNT)).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/r`);
    expect(principalOf(`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT)).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(principalOf(`arn:aws:iam::${ACCOUNT}:group/admins`, ACCOUNT)).toBeUndefined();
    expect(principalOf(`arn:aws:iam::${ACCOUNT}:policy/p`, ACCOUNT)).toBeUndefined();
    expect(principalOf('arn:aws:iam::210987654321:user/alice', ACCOUNT)).toBeUndefined();
    expect(principalOf('*', ACCOUNT)).toBeUndefined();
  });
});

describe('every write action', () => {
  it('says which cached authorization state it changes (none may be left to the default by oversight)', async () => {
    const { actionTable } = await import('../actions/registry');
    const unclassified = [...actionTable.values()].filter((a) => !a.readOnly && !a.authorizationCache).map((a) => `${a.service}:${a.name}`);
    expect(unclassified).toEqual([]);
  });

  it('runs at READ COMMITTED only if it changes nothing cached', async () => {
    const { actionTable } = await import('../actions/registry');
    const readCommitted = [...actionTable.values()].filter((a) => a.readCommitted);
    expect(readCommitted.map((a) => a.name)).toContain('AssumeRole');
    expect(readCommitted.filter((a) => a.readOnly || a.authorizationCache !== 'unchanged').map((a) => a.name)).toEqual([]);
  });
});

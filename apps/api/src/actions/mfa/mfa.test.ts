/**
 * MFA devices through the REST protocol and the dispatcher, against real PostgreSQL, with the
 * server's clock injected so TOTP codes are generated for chosen time steps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { rootClient, type ConsoleClient } from '../../../test/console-client';
import { createApp } from '../../app';
import { createSecretBox, newMasterKey, parseMasterKey, type SecretBox } from '../../crypto/secrets';
import { createLogger } from '../../logger';
import { matchingConsecutiveSteps, matchingStep, timeStepAt, totpCode, totpCodeForStep, totpUri } from '../../iam/mfa-totp';
import { FAILURE_WINDOW_MS, MAX_FAILURES, verifyMfaCode, verifyOwnerMfaCode } from '../../iam/mfa-codes';
import type { Caller } from '../../auth/caller';

const A = '123456789012';
/** A fixed instant 5 s into a time step; tests move it in whole steps. */
const START = new Date(Math.floor(Date.UTC(2030, 0, 1) / 30_000) * 30_000 + 5_000);
let clock = START;
const at = (steps: number) => new Date(START.getTime() + steps * 30_000);

let database: TestDatabase;
let secrets: SecretBox;
let root: ConsoleClient;

beforeAll(async () => {
  database = await createTestDatabase();
  secrets = createSecretBox(parseMasterKey(newMasterKey()));
  const app = createApp({ db: database.db, secrets, logger: createLogger('silent'), now: () => clock });
  root = await rootClient(app, A);
});
afterAll(async () => database?.drop());
beforeEach(() => {
  clock = START;
});

interface Created {
  VirtualMFADevice: { SerialNumber: string; Base32StringSeed: string; QRCodePNG: string; Tags?: unknown };
}

/** Creates a virtual device and returns its serial number and Base32 seed. */
async function createDevice(name: string, extra: object = {}): Promise<{ serial: string; seed: string }> {
  const { VirtualMFADevice } = await root.ok<Created>('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: name, ...extra });
  return { serial: VirtualMFADevice.SerialNumber, seed: Buffer.from(VirtualMFADevice.Base32StringSeed, 'base64').toString('ascii') };
}

/** The two consecutive codes ending at `steps` steps from the clock. */
async function codes(seed: string, steps = 0) {
  return { AuthenticationCode1: await totpCode(seed, clock, steps - 1), AuthenticationCode2: await totpCode(seed, clock, steps) };
}

async function createUser(name: string) {
  await root.ok('iam', 'CreateUser', { UserName: name });
}

function userCaller(userId: string, userName: string): Caller {
  return { kind: 'user', credentialType: 'long-term', accountId: A, arn: `arn:aws:iam::${A}:user/${userName}`, userId, userName, iamUserId: userId, sourceIp: '127.0.0.1', secureTransport: false, userAgent: 'test', protocol: 'rest' };
}

describe('TOTP helpers', () => {
  it('match RFC 6238 (SHA-1) test vectors, with the clock as a parameter', async () => {
    // RFC 6238 appendix B: the ASCII key "12345678901234567890" (Base32 below), 8-digit codes
    // 94287082 and 07081804; the 6-digit codes are their last six digits.
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(await totpCode(seed, new Date(59_000))).toBe('287082');
    expect(await totpCode(seed, new Date(1_111_111_109_000))).toBe('081804');
    expect(timeStepAt(new Date(59_000))).toBe(1);
    expect(totpUri(seed, 'alice', '123456789012')).toBe(`otpauth://totp/Portcullis:alice%40123456789012?secret=${seed}&issuer=Portcullis`);
  });

  it('accept ±1 step and consecutive pairs only', async () => {
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const now = new Date(1_700_000_015_000);
    const step = timeStepAt(now);
    expect(await matchingStep(seed, await totpCodeForStep(seed, step + 1), now)).toBe(step + 1);
    expect(await matchingStep(seed, await totpCodeForStep(seed, step - 1), now)).toBe(step - 1);
    expect(await matchingStep(seed, await totpCodeForStep(seed, step - 2), now)).toBeUndefined();
    expect(await matchingConsecutiveSteps(seed, await totpCodeForStep(seed, step - 1), await totpCodeForStep(seed, step), now)).toBe(step);
    expect(await matchingConsecutiveSteps(seed, await totpCodeForStep(seed, step), await totpCodeForStep(seed, step + 1), now)).toBe(step + 1);
    expect(await matchingConsecutiveSteps(seed, await totpCodeForStep(seed, step), await totpCodeForStep(seed, step - 1), now)).toBeUndefined();
    expect(await matchingConsecutiveSteps(seed, await totpCodeForStep(seed, step - 2), await totpCodeForStep(seed, step), now)).toBeUndefined();
  });
});

describe('CreateVirtualMFADevice', () => {
  it('returns the serial number, the seed (base64 of its Base32 text) and a QR code PNG, and stores the seed encrypted', async () => {
    const { VirtualMFADevice } = await root.ok<Created>('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'alice-phone', Tags: [{ Key: 'owner', Value: 'alice' }] });
    expect(VirtualMFADevice.SerialNumber).toBe(`arn:aws:iam::${A}:mfa/alice-phone`);
    expect(VirtualMFADevice.Tags).toEqual([{ Key: 'owner', Value: 'alice' }]);
    const seed = Buffer.from(VirtualMFADevice.Base32StringSeed, 'base64').toString('ascii');
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    const png = Buffer.from(VirtualMFADevice.QRCodePNG, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const row = await database.db.mfaDevice.findUniqueOrThrow({ where: { serialNumber: VirtualMFADevice.SerialNumber } });
    expect(row).toMatchObject({ accountId: A, userId: null, forRoot: false, type: 'virtual', enabledAt: null });
    expect(Buffer.from(row.seedEncrypted!).includes(Buffer.from(seed))).toBe(false);
    expect(secrets.decrypt(row.seedEncrypted!)).toBe(seed);
  });

  it('puts the path in the ARN', async () => {
    const { serial } = await createDevice('pathed', { Path: '/division/' });
    expect(serial).toBe(`arn:aws:iam::${A}:mfa/division/pathed`);
  });

  it('refuses a name taken at the same path in any case with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'ALICE-PHONE' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: 'MFADevice entity at the same path and name already exists.' });
  });

  it.each([
    [{ VirtualMFADeviceName: '' }, 'empty name'],
    [{ VirtualMFADeviceName: 'a'.repeat(227) }, 'name over 226'],
    [{ VirtualMFADeviceName: 'bad name' }, 'space in name'],
    [{ VirtualMFADeviceName: 'ok', Path: 'no-slashes' }, 'bad path'],
    [{ VirtualMFADeviceName: 'ok', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, '51 tags'],
    [{ VirtualMFADeviceName: 42 }, 'wrong type'],
    [{}, 'missing name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and writes nothing', async (body) => {
    const before = await database.db.mfaDevice.count();
    const res = await root.call('iam', 'CreateVirtualMFADevice', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.mfaDevice.count()).toBe(before);
  });

  it('creates one of several racing devices with the same name in different case', async () => {
    const results = await Promise.all(['Race', 'RACE', 'race'].map((name) => root.call('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: name })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await database.db.mfaDevice.count({ where: { name: { equals: 'race', mode: 'insensitive' } } })).toBe(1);
  });

  it('accepts a 226-character name and refuses duplicate tag keys with InvalidInput', async () => {
    await createDevice('a'.repeat(226));
    const res = await root.call('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'dup-tags', Tags: [{ Key: 'K', Value: '1' }, { Key: 'k', Value: '2' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
    expect(await database.db.mfaDevice.count({ where: { name: 'dup-tags' } })).toBe(0);
  });
});

describe('EnableMFADevice', () => {
  it('enables a device with two consecutive current codes, and lists it', async () => {
    await createUser('alice');
    const { serial, seed } = await createDevice('alice');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'alice', SerialNumber: serial, ...(await codes(seed)) });
    const { MFADevices } = await root.ok<{ MFADevices: { UserName: string; SerialNumber: string; EnableDate: string }[] }>('iam', 'ListMFADevices', { UserName: 'Alice' });
    expect(MFADevices).toEqual([{ UserName: 'alice', SerialNumber: serial, EnableDate: clock.toISOString() }]);
    const got = await root.ok('iam', 'GetMFADevice', { UserName: 'alice', SerialNumber: serial });
    expect(got).toEqual({ UserName: 'alice', SerialNumber: serial, EnableDate: clock.toISOString() });
    const row = await database.db.mfaDevice.findUniqueOrThrow({ where: { serialNumber: serial } });
    expect(row.lastUsedTimeStep).toBe(BigInt(timeStepAt(clock)));
    // Once enabled, it cannot be enabled again (for anyone).
    await createUser('bob');
    clock = at(2);
    const again = await root.call('iam', 'EnableMFADevice', { UserName: 'bob', SerialNumber: serial, ...(await codes(seed)) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EntityAlreadyExists');
  });

  it('allows one step of drift either way, not two', async () => {
    await createUser('drift');
    const ahead = await createDevice('drift-ahead');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'drift', SerialNumber: ahead.serial, ...(await codes(ahead.seed, 1)) });
    const behind = await createDevice('drift-behind');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'drift', SerialNumber: behind.serial, ...(await codes(behind.seed, -1)) });
    for (const steps of [2, -2]) {
      const far = await createDevice(`drift-far${steps}`);
      const res = await root.call('iam', 'EnableMFADevice', { UserName: 'drift', SerialNumber: far.serial, ...(await codes(far.seed, steps)) });
      expect(res.status).toBe(403);
    }
  });

  it('refuses wrong, swapped, non-consecutive and old codes with InvalidAuthenticationCode and writes nothing', async () => {
    await createUser('carol');
    const { serial, seed } = await createDevice('carol');
    const now1 = await totpCode(seed, clock, -1);
    const now2 = await totpCode(seed, clock);
    const wrong = now2 === '000000' ? '000001' : '000000';
    const attempts = [
      { AuthenticationCode1: now1, AuthenticationCode2: wrong },
      { AuthenticationCode1: now2, AuthenticationCode2: now1 },
      { AuthenticationCode1: await totpCode(seed, clock, -2), AuthenticationCode2: now2 },
      { AuthenticationCode1: now2, AuthenticationCode2: now2 },
    ];
    for (const attempt of attempts) {
      const res = await root.call('iam', 'EnableMFADevice', { UserName: 'carol', SerialNumber: serial, ...attempt });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.' });
    }
    // Codes from 10 minutes ago.
    clock = at(20);
    const old = await root.call('iam', 'EnableMFADevice', { UserName: 'carol', SerialNumber: serial, AuthenticationCode1: now1, AuthenticationCode2: now2 });
    expect(old.status).toBe(403);
    expect(await database.db.mfaDevice.findUniqueOrThrow({ where: { serialNumber: serial } })).toMatchObject({ enabledAt: null, userId: null, lastUsedTimeStep: null });
  });

  it('answers NoSuchEntity for an unknown device or user', async () => {
    const { seed, serial } = await createDevice('orphan');
    const c = await codes(seed);
    expect((await root.call('iam', 'EnableMFADevice', { UserName: 'alice', SerialNumber: `arn:aws:iam::${A}:mfa/nothing`, ...c })).body.error.code).toBe('NoSuchEntity');
    const res = await root.call('iam', 'EnableMFADevice', { UserName: 'nobody', SerialNumber: serial, ...c });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('The user with name nobody cannot be found.');
    // Another account's serial number is unknown here.
    expect((await root.call('iam', 'EnableMFADevice', { UserName: 'alice', SerialNumber: 'arn:aws:iam::999999999999:mfa/x', ...c })).status).toBe(404);
  });

  it.each([
    [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/x', AuthenticationCode1: '12345', AuthenticationCode2: '123456' }, 'short code'],
    [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/x', AuthenticationCode1: '1234567', AuthenticationCode2: '123456' }, 'long code'],
    [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/x', AuthenticationCode1: 'abcdef', AuthenticationCode2: '123456' }, 'letters'],
    [{ SerialNumber: 'short', AuthenticationCode1: '123456', AuthenticationCode2: '123456' }, 'serial under 9'],
    [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/a b', AuthenticationCode1: '123456', AuthenticationCode2: '123456' }, 'space in serial'],
    [{ AuthenticationCode1: '123456', AuthenticationCode2: '123456' }, 'missing serial'],
    [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/x', AuthenticationCode1: 123456, AuthenticationCode2: '123456' }, 'number code'],
  ] as [object, string][])('refuses bad input (%j: %s) with ValidationError', async (body) => {
    const res = await root.call('iam', 'EnableMFADevice', { UserName: 'alice', ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
  });

  it('allows at most 8 devices per user (LimitExceeded)', async () => {
    await createUser('many');
    for (let i = 0; i < 8; i++) {
      const d = await createDevice(`many-${i}`);
      await root.ok('iam', 'EnableMFADevice', { UserName: 'many', SerialNumber: d.serial, ...(await codes(d.seed)) });
    }
    const ninth = await createDevice('many-8');
    const res = await root.call('iam', 'EnableMFADevice', { UserName: 'many', SerialNumber: ninth.serial, ...(await codes(ninth.seed)) });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for MFADevicesPerUser: 8' });
  });
});

describe('verifyMfaCode (STS and sign-in)', () => {
  it('accepts a current code once, never a replayed or older step, and only the owner’s device', async () => {
    await createUser('dave');
    const { serial, seed } = await createDevice('dave');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'dave', SerialNumber: serial, ...(await codes(seed)) });
    const dave = await database.db.user.findFirstOrThrow({ where: { name: 'dave' } });
    const caller = userCaller(dave.id, 'dave');
    const check = (code: string, now: Date, who = caller) => database.db.$transaction((tx) => verifyMfaCode(tx, who, serial, code, now, secrets));
    // The enabling codes' step is used up.
    expect(await check(await totpCode(seed, START), START)).toBe(false);
    const next = at(1);
    const code = await totpCode(seed, next);
    expect(await check(code, next)).toBe(true);
    expect(await check(code, next)).toBe(false);
    // A code for an earlier step, still within the window, is refused after a later one.
    const later = at(3);
    expect(await check(await totpCode(seed, later), later)).toBe(true);
    expect(await check(await totpCode(seed, later, -1), later)).toBe(false);
    // Outside ±1 step; a wrong code; without the secret box; another user; a malformed code.
    const far = at(10);
    expect(await check(await totpCode(seed, far, 2), far)).toBe(false);
    expect(await check(await totpCode(seed, far, -2), far)).toBe(false);
    const right = await totpCode(seed, far);
    expect(await check(right === '123456' ? '654321' : '123456', far)).toBe(false);
    expect(await database.db.$transaction((tx) => verifyMfaCode(tx, caller, serial, right, far))).toBe(false);
    expect(await check(right, far, userCaller('AIDAOTHERUSER0000000', 'other'))).toBe(false);
    expect(await check(right, far, { ...caller, kind: 'root', arn: `arn:aws:iam::${A}:root`, iamUserId: undefined })).toBe(false);
    expect(await check(`${right} `, far)).toBe(false);
    expect(await check(right, far)).toBe(true);
    // A code is used at most once even when two requests race with it.
    const race = at(12);
    const raceCode = await totpCode(seed, race);
    const results = await Promise.all([check(raceCode, race), check(raceCode, race), check(raceCode, race)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it(`refuses every code after ${MAX_FAILURES} wrong ones within ${FAILURE_WINDOW_MS / 60_000} minutes`, async () => {
    await createUser('guesser');
    const { serial, seed } = await createDevice('guesser');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'guesser', SerialNumber: serial, ...(await codes(seed)) });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'guesser' } });
    const check = (code: string, now: Date) => database.db.$transaction((tx) => verifyMfaCode(tx, userCaller(user.id, 'guesser'), serial, code, now, secrets));
    const now = at(1);
    const right = await totpCode(seed, now);
    const wrong = right === '111111' ? '222222' : '111111';
    for (let i = 0; i < MAX_FAILURES; i++) expect(await check(wrong, now)).toBe(false);
    expect(await check(right, now)).toBe(false);
    // Once the window has passed, a right code works again.
    const later = new Date(now.getTime() + FAILURE_WINDOW_MS);
    expect(await check(await totpCode(seed, later), later)).toBe(true);
  });

  it('checks the root user’s device for the root user', async () => {
    const owner = { accountId: A, root: true as const };
    const { serial, seed } = await createDevice('root-check');
    const check = (code: string, now: Date) => database.db.$transaction((tx) => verifyOwnerMfaCode(tx, secrets, owner, serial, code, now));
    // Not enabled yet.
    expect(await check(await totpCode(seed, at(1)), at(1))).toBe(false);
    await root.ok('iam', 'EnableMFADevice', { SerialNumber: serial, ...(await codes(seed)) });
    expect(await check(await totpCode(seed, at(1)), at(1))).toBe(true);
    await root.ok('iam', 'DeactivateMFADevice', { SerialNumber: serial });
    expect(await check(await totpCode(seed, at(2)), at(2))).toBe(false);
    await root.ok('iam', 'DeleteVirtualMFADevice', { SerialNumber: serial });
  });
});

describe('Root user MFA', () => {
  it('enables a device for root without UserName; the account summary reports MFA', async () => {
    const { SummaryMap: before } = await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary');
    expect(before.AccountMFAEnabled).toBe(0);
    const { serial, seed } = await createDevice('root-device');
    await root.ok('iam', 'EnableMFADevice', { SerialNumber: serial, ...(await codes(seed)) });
    expect(await database.db.mfaDevice.findUniqueOrThrow({ where: { serialNumber: serial } })).toMatchObject({ userId: null, forRoot: true });
    const { SummaryMap } = await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary');
    expect(SummaryMap.AccountMFAEnabled).toBe(1);
    const { MFADevices } = await root.ok<{ MFADevices: { SerialNumber: string; UserName: string }[] }>('iam', 'ListMFADevices');
    expect(MFADevices).toEqual([{ UserName: A, SerialNumber: serial, EnableDate: clock.toISOString() }]);
    expect(await root.ok('iam', 'GetMFADevice', { SerialNumber: serial })).toMatchObject({ SerialNumber: serial });
    const { VirtualMFADevices } = await root.ok<{ VirtualMFADevices: { SerialNumber: string; User?: { Arn: string } }[] }>('iam', 'ListVirtualMFADevices', { AssignmentStatus: 'Assigned' });
    expect(VirtualMFADevices.find((d) => d.SerialNumber === serial)?.User).toMatchObject({ Arn: `arn:aws:iam::${A}:root`, UserId: A });
    // A root device is not a user's device.
    expect((await root.call('iam', 'GetMFADevice', { UserName: 'alice', SerialNumber: serial })).status).toBe(404);
    await root.ok('iam', 'DeactivateMFADevice', { SerialNumber: serial });
    const { SummaryMap: after } = await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary');
    expect(after.AccountMFAEnabled).toBe(0);
  });
});

describe('DeactivateMFADevice, ResyncMFADevice, DeleteVirtualMFADevice', () => {
  it('deactivates (the device returns unassigned), refuses re-enabling with replayed codes, and deletes', async () => {
    await createUser('erin');
    const { serial, seed } = await createDevice('erin');
    const first = await codes(seed);
    await root.ok('iam', 'EnableMFADevice', { UserName: 'erin', SerialNumber: serial, ...first });
    const conflict = await root.call('iam', 'DeleteVirtualMFADevice', { SerialNumber: serial });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('DeleteConflict');
    // DeleteUser is blocked while the device is assigned.
    expect((await root.call('iam', 'DeleteUser', { UserName: 'erin' })).body.error.code).toBe('DeleteConflict');
    // Someone else's (or no) device: NoSuchEntity.
    await createUser('frank');
    expect((await root.call('iam', 'DeactivateMFADevice', { UserName: 'frank', SerialNumber: serial })).status).toBe(404);
    expect((await root.call('iam', 'DeactivateMFADevice', { UserName: 'erin', SerialNumber: `arn:aws:iam::${A}:mfa/none` })).status).toBe(404);
    await root.ok('iam', 'DeactivateMFADevice', { UserName: 'erin', SerialNumber: serial });
    expect((await root.ok<{ MFADevices: unknown[] }>('iam', 'ListMFADevices', { UserName: 'erin' })).MFADevices).toEqual([]);
    expect((await root.call('iam', 'DeactivateMFADevice', { UserName: 'erin', SerialNumber: serial })).status).toBe(404);
    const { VirtualMFADevices } = await root.ok<{ VirtualMFADevices: { SerialNumber: string; User?: unknown; EnableDate?: unknown }[] }>('iam', 'ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' });
    expect(VirtualMFADevices.find((d) => d.SerialNumber === serial)).toEqual({ SerialNumber: serial });
    // The codes used to enable it never count again.
    const replay = await root.call('iam', 'EnableMFADevice', { UserName: 'erin', SerialNumber: serial, ...first });
    expect(replay.status).toBe(403);
    clock = at(2);
    await root.ok('iam', 'EnableMFADevice', { UserName: 'frank', SerialNumber: serial, ...(await codes(seed)) });
    await root.ok('iam', 'DeactivateMFADevice', { UserName: 'frank', SerialNumber: serial });
    await root.ok('iam', 'DeleteVirtualMFADevice', { SerialNumber: serial });
    expect(await database.db.mfaDevice.count({ where: { serialNumber: serial } })).toBe(0);
    const gone = await root.call('iam', 'DeleteVirtualMFADevice', { SerialNumber: serial });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'NoSuchEntity', message: `VirtualMFADevice with serial number ${serial} doesn't exist.` });
    await root.ok('iam', 'DeleteUser', { UserName: 'erin' });
  });

  it('resyncs within a wider window, refusing codes outside it and replays', async () => {
    await createUser('gina');
    const { serial, seed } = await createDevice('gina');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'gina', SerialNumber: serial, ...(await codes(seed)) });
    clock = at(5);
    // The device's clock runs 10 steps (5 minutes) fast.
    const fast = await codes(seed, 10);
    await root.ok('iam', 'ResyncMFADevice', { UserName: 'gina', SerialNumber: serial, ...fast });
    const again = await root.call('iam', 'ResyncMFADevice', { UserName: 'gina', SerialNumber: serial, ...fast });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('InvalidAuthenticationCode');
    const tooFast = await root.call('iam', 'ResyncMFADevice', { UserName: 'gina', SerialNumber: serial, ...(await codes(seed, 30)) });
    expect(tooFast.status).toBe(403);
    const wrong = await root.call('iam', 'ResyncMFADevice', { UserName: 'gina', SerialNumber: serial, AuthenticationCode1: '000000', AuthenticationCode2: '000000' });
    expect(wrong.status).toBe(403);
    expect((await root.call('iam', 'ResyncMFADevice', { UserName: 'nobody', SerialNumber: serial, ...(await codes(seed, 12)) })).status).toBe(404);
    expect((await root.call('iam', 'ResyncMFADevice', { UserName: 'gina', SerialNumber: `arn:aws:iam::${A}:mfa/none`, ...(await codes(seed, 12)) })).status).toBe(404);
    expect((await root.call('iam', 'ResyncMFADevice', { UserName: 'gina', SerialNumber: serial, AuthenticationCode1: '1' })).status).toBe(400);
  });
});

describe('ListVirtualMFADevices, ListMFADevices, GetMFADevice', () => {
  it('filters by AssignmentStatus and pages by serial number', async () => {
    const all = await root.ok<{ VirtualMFADevices: { SerialNumber: string; EnableDate?: string }[]; IsTruncated: boolean }>('iam', 'ListVirtualMFADevices', { MaxItems: 1000 });
    const serials = all.VirtualMFADevices.map((d) => d.SerialNumber);
    expect(new Set(serials).size).toBe(serials.length);
    expect(serials).toContain(`arn:aws:iam::${A}:mfa/${'a'.repeat(226)}`);
    const assigned = await root.ok<{ VirtualMFADevices: { EnableDate?: string }[] }>('iam', 'ListVirtualMFADevices', { AssignmentStatus: 'Assigned', MaxItems: 1000 });
    const unassigned = await root.ok<{ VirtualMFADevices: { EnableDate?: string }[] }>('iam', 'ListVirtualMFADevices', { AssignmentStatus: 'Unassigned', MaxItems: 1000 });
    expect(assigned.VirtualMFADevices.every((d) => d.EnableDate)).toBe(true);
    expect(unassigned.VirtualMFADevices.every((d) => !d.EnableDate)).toBe(true);
    expect(assigned.VirtualMFADevices.length + unassigned.VirtualMFADevices.length).toBe(serials.length);
    const first = await root.ok<{ VirtualMFADevices: { SerialNumber: string }[]; IsTruncated: boolean; Marker: string }>('iam', 'ListVirtualMFADevices', { MaxItems: 2 });
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ VirtualMFADevices: { SerialNumber: string }[] }>('iam', 'ListVirtualMFADevices', { MaxItems: 2, Marker: first.Marker });
    expect([...first.VirtualMFADevices, ...second.VirtualMFADevices].map((d) => d.SerialNumber)).toEqual(serials.slice(0, 4));
    // Page through everything one at a time (markers stay short even after 226-character names).
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const p: { VirtualMFADevices: { SerialNumber: string }[]; Marker?: string } = await root.ok('iam', 'ListVirtualMFADevices', { MaxItems: 1, ...(marker ? { Marker: marker } : {}) });
      seen.push(...p.VirtualMFADevices.map((d) => d.SerialNumber));
      expect((p.Marker ?? '').length).toBeLessThanOrEqual(320);
      marker = p.Marker;
    } while (marker);
    expect(seen).toEqual(serials);
    // No seed is ever listed.
    expect(JSON.stringify(all)).not.toMatch(/Base32StringSeed|QRCodePNG/);
    expect((await root.call('iam', 'ListVirtualMFADevices', { AssignmentStatus: 'Some' })).status).toBe(400);
    expect((await root.call('iam', 'ListVirtualMFADevices', { MaxItems: 0 })).status).toBe(400);
    expect((await root.call('iam', 'ListVirtualMFADevices', { Marker: 'garbage' })).status).toBe(400);
  });

  it('pages a user’s devices, and answers NoSuchEntity for unknown users and devices', async () => {
    const first = await root.ok<{ MFADevices: { SerialNumber: string }[]; IsTruncated: boolean; Marker: string }>('iam', 'ListMFADevices', { UserName: 'many', MaxItems: 5 });
    expect(first.MFADevices).toHaveLength(5);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ MFADevices: { SerialNumber: string }[]; IsTruncated: boolean }>('iam', 'ListMFADevices', { UserName: 'many', MaxItems: 5, Marker: first.Marker });
    expect(second.MFADevices).toHaveLength(3);
    expect(second.IsTruncated).toBe(false);
    expect((await root.call('iam', 'ListMFADevices', { UserName: 'nobody' })).status).toBe(404);
    expect((await root.call('iam', 'ListMFADevices', { UserName: 'bad name' })).status).toBe(400);
    const unknown = await root.call('iam', 'GetMFADevice', { UserName: 'many', SerialNumber: `arn:aws:iam::${A}:mfa/none` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'GetMFADevice', { UserName: 'many' })).status).toBe(400);
  });
});

describe('Tag/Untag/ListMFADeviceTags', () => {
  it('tags, untags and lists, with the tag limits and NoSuchEntity', async () => {
    const { serial } = await createDevice('tagged');
    await root.ok('iam', 'TagMFADevice', { SerialNumber: serial, Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'cost', Value: '1' }] });
    await root.ok('iam', 'TagMFADevice', { SerialNumber: serial, Tags: [{ Key: 'team', Value: 'b' }] });
    const { Tags } = await root.ok<{ Tags: { Key: string; Value: string }[] }>('iam', 'ListMFADeviceTags', { SerialNumber: serial });
    expect(Tags).toEqual([{ Key: 'team', Value: 'b' }, { Key: 'cost', Value: '1' }]);
    await root.ok('iam', 'UntagMFADevice', { SerialNumber: serial, TagKeys: ['COST'] });
    const paged = await root.ok<{ Tags: unknown[]; IsTruncated: boolean }>('iam', 'ListMFADeviceTags', { SerialNumber: serial, MaxItems: 1 });
    expect(paged).toEqual({ Tags: [{ Key: 'team', Value: 'b' }], IsTruncated: false });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const over = await root.call('iam', 'TagMFADevice', { SerialNumber: serial, Tags: many });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('LimitExceeded');
    expect((await root.call('iam', 'TagMFADevice', { SerialNumber: serial, Tags: [] })).status).toBe(400);
    expect((await root.call('iam', 'UntagMFADevice', { SerialNumber: serial, TagKeys: [] })).status).toBe(400);
    const missing = `arn:aws:iam::${A}:mfa/none`;
    expect((await root.call('iam', 'TagMFADevice', { SerialNumber: missing, Tags: [{ Key: 'a', Value: 'b' }] })).status).toBe(404);
    expect((await root.call('iam', 'UntagMFADevice', { SerialNumber: missing, TagKeys: ['a'] })).status).toBe(404);
    expect((await root.call('iam', 'ListMFADeviceTags', { SerialNumber: missing })).status).toBe(404);
    const badMarker = Buffer.from(JSON.stringify(['-5'])).toString('base64url');
    expect((await root.call('iam', 'ListMFADeviceTags', { SerialNumber: serial, Marker: badMarker })).body.error.code).toBe('InvalidInput');
  });
});

describe('credential report', () => {
  it('reports mfa_active TRUE for a user with an enabled device and FALSE otherwise', async () => {
    await createUser('reported-with-mfa');
    await createUser('reported-without-mfa');
    const { serial, seed } = await createDevice('reported-with-mfa');
    await root.ok('iam', 'EnableMFADevice', { UserName: 'reported-with-mfa', SerialNumber: serial, ...(await codes(seed)) });
    await root.ok('iam', 'GenerateCredentialReport');
    const { Content } = await root.ok<{ Content: string }>('iam', 'GetCredentialReport');
    const [header, ...rows] = Buffer.from(Content, 'base64').toString('utf8').trim().split('\n').map((line) => line.split(','));
    const mfaColumn = header!.indexOf('mfa_active');
    const mfaOf = (user: string) => rows.find((row) => row[0] === user)?.[mfaColumn];
    expect(mfaOf('reported-with-mfa')).toBe('TRUE');
    expect(mfaOf('reported-without-mfa')).toBe('FALSE');
  });
});

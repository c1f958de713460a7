/**
 * TOTP (RFC 6238) as AWS's virtual MFA devices use it: SHA-1, 6 digits, 30-second steps from
 * the Unix epoch. A TOTP code is the HOTP (RFC 4226) code of the time step, so every helper
 * here works on explicit steps and takes the clock as a parameter (`now`): callers decide the
 * window and tests generate codes at chosen instants.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html
 */
import { timingSafeEqual } from 'node:crypto';
import { generate, generateSecret, generateURI } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;
/** Steps either side of now accepted for sign-in, STS and enabling (clock drift of ±30 s). */
export const SIGN_IN_WINDOW_STEPS = 1;
/** Steps either side of now searched by ResyncMFADevice (±10 minutes). */
export const RESYNC_WINDOW_STEPS = 20;
/** Issuer shown by authenticator apps. */
export const TOTP_ISSUER = 'Portcullis';

/** The time step an instant falls in. */
export function timeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** A new seed: 40 random bytes as 64 Base32 characters (AWS's Base32StringSeed length). */
export function newTotpSeed(): string {
  return generateSecret({ length: 40 });
}

/** The 6-digit code of a Base32 seed for one time step. */
export function totpCodeForStep(seed: string, step: number): Promise<string> {
  return generate({ secret: seed, strategy: 'hotp', counter: step, digits: 6, algorithm: 'sha1' });
}

/** The code at an instant, or `offsetSteps` steps away from it (tests and the console's helpers). */
export function totpCode(seed: string, now: Date, offsetSteps = 0): Promise<string> {
  return totpCodeForStep(seed, timeStepAt(now) + offsetSteps);
}

/** SECURITY: compares codes in constant time. */
function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The step within ±window of now whose code is `code`, or undefined. Every candidate is computed
 * and compared (no early exit), and the latest matching step wins.
 */
export async function matchingStep(seed: string, code: string, now: Date, window = SIGN_IN_WINDOW_STEPS): Promise<number | undefined> {
  const current = timeStepAt(now);
  let found: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    if (sameCode(await totpCodeForStep(seed, step), code)) found = step;
  }
  return found;
}

/**
 * Two consecutive codes (EnableMFADevice, ResyncMFADevice): code1 for step s-1 and code2 for
 * step s, with s within ±window of now. Returns s (the later step), or undefined.
 */
export async function matchingConsecutiveSteps(seed: string, code1: string, code2: string, now: Date, window = SIGN_IN_WINDOW_STEPS): Promise<number | undefined> {
  const current = timeStepAt(now);
  let found: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    const first = sameCode(await totpCodeForStep(seed, step - 1), code1);
    const second = sameCode(await totpCodeForStep(seed, step), code2);
    if (first && second) found = step;
  }
  return found;
}

/** The otpauth:// URI an authenticator app scans: `otpauth://totp/Portcullis:<name>@<account>?secret=…&issuer=Portcullis`. */
export function totpUri(seed: string, name: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: `${name}@${account}`, secret: seed, algorithm: 'sha1', digits: 6, period: TOTP_PERIOD_SECONDS });
}

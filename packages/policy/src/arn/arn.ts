/**
 * ARN helpers (used by compile, evaluate and validate).
 *
 * Assumes nothing: any string may be passed. An ARN is
 * `arn:partition:service:region:account-id:resource`; the resource part may itself contain
 * colons, so we split on the first five only.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/** The six segments of an ARN. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits a string into the six ARN segments; undefined unless it starts `arn:` and has 6 segments. */
export function parseArn(s: string): Arn | undefined {
  const seg = splitArn(s);
  if (!seg || seg[0] !== 'arn') return undefined;
  return { partition: seg[1]!, service: seg[2]!, region: seg[3]!, account: seg[4]!, resource: seg[5]! };
}

/** Splits on the first five colons; undefined when there are fewer than six segments. */
export function splitArn(s: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let k = 0; k < 5; k++) {
    const c = s.indexOf(':', start);
    if (c < 0) return undefined;
    out.push(s.slice(start, c));
    start = c + 1;
  }
  out.push(s.slice(start));
  return out;
}

const ACCOUNT_RE = /^\d{12}$/;

/** True for a 12-digit AWS account ID. */
export function isAccountId(s: string): boolean {
  return ACCOUNT_RE.test(s);
}

/**
 * For an assumed-role session ARN (`arn:aws:sts::123456789012:assumed-role/Name/session`)
 * returns the role ARN it belongs to (`arn:aws:iam::123456789012:role/Name`). Role paths are
 * not part of the session ARN, so a role with a path must be supplied by the caller.
 */
export function roleArnFromSessionArn(s: string): string | undefined {
  const a = parseArn(s);
  if (!a || a.service !== 'sts' || !a.resource.startsWith('assumed-role/')) return undefined;
  const name = a.resource.split('/')[1];
  if (!name) return undefined;
  return `arn:${a.partition}:iam::${a.account}:role/${name}`;
}

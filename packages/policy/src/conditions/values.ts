/**
 * Condition stage helpers — parse typed values (numbers, dates, IP addresses) from the text
 * that policies and request contexts carry.
 *
 * Assumes nothing about the input text. Every parser returns undefined/NaN for text it cannot
 * read; callers turn that into "cannot evaluate", which fails closed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a numeric condition value; NaN when it is not a number. */
export function parseNumber(s: string): number {
  return NUMBER_RE.test(s) ? Number(s) : NaN;
}

const EPOCH_RE = /^[+-]?\d+(?:\.\d+)?$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a date condition value to epoch milliseconds: ISO 8601 (date, date-time, optional
 * fraction and offset; no offset = UTC) or epoch seconds, both of which AWS accepts
 * in policies and in the request context. NaN when unreadable.
 */
export function parseDate(s: string): number {
  if (EPOCH_RE.test(s)) return Number(s) * 1000;
  const m = ISO_RE.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac, off] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  let t = Date.UTC(Number(y), month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0));
  if (new Date(t).getUTCDate() !== day) return NaN;
  if (frac) t += Math.round(Number(frac) * 1000);
  if (off && off !== 'Z' && off !== 'z') {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return t;
}

/** An IPv4 or IPv6 address or network as four 32-bit words (IPv4 uses word 3 only). */
export interface IpNet {
  v6: boolean;
  words: [number, number, number, number];
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  bits: number;
}

function parseV4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v >>> 0;
}

function parseV6(s: string): [number, number, number, number] | undefined {
  let tailV4: number | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    tailV4 = parseV4(s.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return undefined;
  let groups: string[];
  if (dbl >= 0) {
    const head = s.slice(0, dbl) ? s.slice(0, dbl).split(':') : [];
    const tail = s.slice(dbl + 2) ? s.slice(dbl + 2).split(':') : [];
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...head, ...Array<string>(fill).fill('0'), ...tail];
  } else groups = s.split(':');
  if (groups.length !== 8) return undefined;
  const h: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    h.push(parseInt(g, 16));
  }
  const w: [number, number, number, number] = [
    ((h[0]! << 16) | h[1]!) >>> 0,
    ((h[2]! << 16) | h[3]!) >>> 0,
    ((h[4]! << 16) | h[5]!) >>> 0,
    ((h[6]! << 16) | h[7]!) >>> 0,
  ];
  if (tailV4 !== undefined) w[3] = tailV4;
  return w;
}

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `ipv6/n`. A bare address is a /32 or
 * /128 network. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are read as IPv4 so they match
 * IPv4 ranges. Undefined when unreadable.
 */
export function parseIp(s: string): IpNet | undefined {
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  const len = slash >= 0 ? s.slice(slash + 1) : undefined;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return undefined;
  if (addr.includes(':')) {
    const w = parseV6(addr);
    if (!w) return undefined;
    const bits = len === undefined ? 128 : Number(len);
    if (bits > 128) return undefined;
    if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff && bits >= 96) {
      return { v6: false, words: [0, 0, 0, w[3]], bits: bits - 96 };
    }
    return { v6: true, words: w, bits };
  }
  const v = parseV4(addr);
  if (v === undefined) return undefined;
  const bits = len === undefined ? 32 : Number(len);
  if (bits > 32) return undefined;
  return { v6: false, words: [0, 0, 0, v], bits };
}

/** True when address `ip` lies in network `net` (same family only). */
export function ipInNet(net: IpNet, ip: IpNet): boolean {
  if (net.v6 !== ip.v6) return false;
  if (!net.v6) {
    if (net.bits === 0) return true;
    const mask = net.bits === 32 ? 0xffffffff : ~(0xffffffff >>> net.bits) >>> 0;
    return ((net.words[3] & mask) >>> 0) === ((ip.words[3] & mask) >>> 0);
  }
  let rem = net.bits;
  for (let k = 0; k < 4 && rem > 0; k++) {
    const b = rem >= 32 ? 32 : rem;
    const mask = b === 32 ? 0xffffffff : ~(0xffffffff >>> b) >>> 0;
    if (((net.words[k]! & mask) >>> 0) !== ((ip.words[k]! & mask) >>> 0)) return false;
    rem -= b;
  }
  return true;
}

// Context values repeat across statements and requests (aws:SourceIp, aws:CurrentTime); a
// small bounded cache keeps the hot path from re-parsing them. Cleared wholesale when full.
const ipCache = new Map<string, IpNet | null>();
const dateCache = new Map<string, number>();
const CACHE_MAX = 4096;

// One-entry memos in front of the maps: within a request the same context value (e.g.
// aws:SourceIp) is compared by many statements in a row.
let lastIpText: string | undefined;
let lastIp: IpNet | undefined;
let lastDateText: string | undefined;
let lastDate = NaN;

/** {@link parseIp} with a bounded memo, for request-context values. */
export function parseIpCached(s: string): IpNet | undefined {
  if (s === lastIpText) return lastIp;
  const r = parseIpMemo(s);
  lastIpText = s;
  lastIp = r;
  return r;
}

function parseIpMemo(s: string): IpNet | undefined {
  let v = ipCache.get(s);
  if (v === undefined) {
    if (ipCache.size >= CACHE_MAX) ipCache.clear();
    v = parseIp(s) ?? null;
    ipCache.set(s, v);
  }
  return v ?? undefined;
}

/** {@link parseDate} with a bounded memo, for request-context values. */
export function parseDateCached(s: string): number {
  if (s === lastDateText) return lastDate;
  const r = parseDateMemo(s);
  lastDateText = s;
  lastDate = r;
  return r;
}

function parseDateMemo(s: string): number {
  let v = dateCache.get(s);
  if (v === undefined) {
    if (dateCache.size >= CACHE_MAX) dateCache.clear();
    v = parseDate(s);
    dateCache.set(s, v);
  }
  return v;
}

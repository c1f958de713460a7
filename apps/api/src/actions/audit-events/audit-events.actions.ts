/**
 * ListAuditEvents (portcullis:ListAuditEvents): the caller's account's audit trail, newest
 * first, filtered by time range, principal, action, resource and decision.
 */
import { z } from 'zod';
import { ArnSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { invalidInput } from '../../errors';
import { messages } from '../../messages';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { Prisma } from '../../db/generated/client';
import { DECISION_CODE } from '../../audit/audit';

/** AuditEventRecord's codes (audit/audit.ts). */
const DECISION_NAME: Record<number, string> = { 1: 'allowed', 2: 'denied', 3: 'invalid' };
const PROTOCOL_NAME: Record<number, string> = { 1: 'rest', 2: 'query', 3: 'json' };

interface EventRow {
  id: bigint;
  time: Date;
  principalArn: string | null;
  action: string;
  resource: string | null;
  decision: number;
  errorCode: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string;
  protocol: number;
}

/** A time: ISO-8601 text (or epoch milliseconds), as a Date. */
const TimeInput = z.union([z.string().min(1).max(64), z.number()]).pipe(z.coerce.date());

const present = <K extends string>(key: K, value: string | null) => (value === null ? {} : ({ [key]: value } as Record<K, string>));

/** Decodes the marker: the (time, id) of the last event returned. */
function afterEvent(marker: string | undefined): { time: Date; id: bigint } | undefined {
  const key = decodeMarker(marker);
  if (!key) return undefined;
  const [time, id] = key;
  const date = time ? new Date(time) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^\d{1,19}$/.test(id)) throw invalidInput(messages.invalidMarker);
  return { time: date, id: BigInt(id) };
}

export const listAuditEvents = defineAction({
  name: 'ListAuditEvents',
  service: 'portcullis',
  readOnly: true,
  input: z.object({
    StartTime: TimeInput.optional(),
    EndTime: TimeInput.optional(),
    PrincipalArn: ArnSchema.optional(),
    EventAction: z.string().min(3).max(256).regex(/^[\w-]+:[\w*-]+$/, 'must be service:Action, e.g. iam:CreateUser').optional(),
    Resource: z.string().min(1).max(2048).optional(),
    Decision: z.enum(['allowed', 'denied', 'invalid']).optional(),
    ...PagingInput,
  }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    if (input.StartTime && input.EndTime && input.StartTime > input.EndTime) throw invalidInput(messages.startTimeAfterEndTime);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = afterEvent(input.Marker);
    // The table itself, by dictionary key, so that an index serves each filter: the account's
    // trail is the primary key (accountKey, time, id), by principal and by action have their own
    // (accountKey, …Key, time). A string never logged matches nothing.
    const keyOf = async (kind: number, value: string) =>
      (await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "AuditString" WHERE "kind" = ${kind} AND "value" = ${value}`)[0]?.id;
    const account = await keyOf(1, caller.accountId);
    const principal = input.PrincipalArn ? await keyOf(2, input.PrincipalArn) : undefined;
    const resource = input.Resource ? await keyOf(4, input.Resource) : undefined;
    // Actions match case-insensitively (iam:createuser finds iam:CreateUser): a few dictionary rows.
    const actions = input.EventAction
      ? (await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "AuditString" WHERE "kind" = 3 AND lower("value") = lower(${input.EventAction})`).map((r) => r.id)
      : undefined;
    const nothing = account === undefined || (input.PrincipalArn && principal === undefined) || (input.Resource && resource === undefined) || actions?.length === 0;
    const conditions: Prisma.Sql[] = [Prisma.sql`e."accountKey" = ${account ?? 0}`];
    if (input.StartTime) conditions.push(Prisma.sql`e."time" >= ${input.StartTime}`);
    if (input.EndTime) conditions.push(Prisma.sql`e."time" <= ${input.EndTime}`);
    if (principal !== undefined) conditions.push(Prisma.sql`e."principalKey" = ${principal}`);
    if (actions?.length === 1) conditions.push(Prisma.sql`e."actionKey" = ${actions[0]}`);
    else if (actions) conditions.push(Prisma.sql`e."actionKey" = ANY(${actions}::int4[])`);
    if (resource !== undefined) conditions.push(Prisma.sql`e."resourceKey" = ${resource}`);
    if (input.Decision) conditions.push(Prisma.sql`e."decision" = ${DECISION_CODE[input.Decision]}`);
    if (after) conditions.push(Prisma.sql`e."time" <= ${after.time} AND (e."time", e."id") < (${after.time}, ${after.id})`);
    const rows = nothing
      ? []
      : await tx.$queryRaw<EventRow[]>`
          SELECT e."id", e."time", p."value" AS "principalArn", a."value" AS "action", r."value" AS "resource", e."decision", er."value" AS "errorCode",
            ip."value" AS "sourceIp", ua."value" AS "userAgent", e."requestId"::text AS "requestId", e."protocol"
          FROM (SELECT * FROM "AuditEventRecord" e WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY e."time" DESC, e."id" DESC LIMIT ${limit + 1}) e
          JOIN "AuditString" a ON a."id" = e."actionKey"
          LEFT JOIN "AuditString" p ON p."id" = e."principalKey"
          LEFT JOIN "AuditString" r ON r."id" = e."resourceKey"
          LEFT JOIN "AuditString" er ON er."id" = e."errorKey"
          LEFT JOIN "AuditString" ip ON ip."id" = e."sourceIpKey"
          LEFT JOIN "AuditString" ua ON ua."id" = e."userAgentKey"
          ORDER BY e."time" DESC, e."id" DESC`;
    const { items, ...paging } = page(rows, limit, (e) => [e.time.toISOString(), String(e.id)]);
    return {
      // Fields the event does not have (no error, no resource) are left out.
      Events: items.map((e) => ({
        EventId: String(e.id),
        EventTime: e.time,
        ...present('PrincipalArn', e.principalArn),
        Action: e.action,
        ...present('Resource', e.resource),
        Decision: DECISION_NAME[e.decision],
        ...present('ErrorCode', e.errorCode),
        ...present('SourceIp', e.sourceIp),
        ...present('UserAgent', e.userAgent),
        RequestId: e.requestId,
        Protocol: PROTOCOL_NAME[e.protocol],
      })),
      ...paging,
    };
  },
});

export const auditEventsActions: AnyAction[] = [listAuditEvents];

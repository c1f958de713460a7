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
import type { Prisma } from '../../db/generated/client';

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
    const where: Prisma.AuditEventWhereInput = {
      accountId: caller.accountId,
      ...(input.StartTime || input.EndTime ? { time: { ...(input.StartTime ? { gte: input.StartTime } : {}), ...(input.EndTime ? { lte: input.EndTime } : {}) } } : {}),
      ...(input.PrincipalArn ? { principalArn: input.PrincipalArn } : {}),
      ...(input.EventAction ? { action: { equals: input.EventAction, mode: 'insensitive' } } : {}),
      ...(input.Resource ? { resource: input.Resource } : {}),
      ...(input.Decision ? { decision: input.Decision } : {}),
      ...(after ? { OR: [{ time: { lt: after.time } }, { time: after.time, id: { lt: after.id } }] } : {}),
    };
    const rows = await tx.auditEvent.findMany({ where, orderBy: [{ time: 'desc' }, { id: 'desc' }], take: limit + 1 });
    const { items, ...paging } = page(rows, limit, (e) => [e.time.toISOString(), String(e.id)]);
    return {
      // Fields the event does not have (no error, no resource) are left out.
      Events: items.map((e) => ({
        EventId: String(e.id),
        EventTime: e.time,
        ...present('PrincipalArn', e.principalArn),
        Action: e.action,
        ...present('Resource', e.resource),
        Decision: e.decision,
        ...present('ErrorCode', e.errorCode),
        ...present('SourceIp', e.sourceIp),
        ...present('UserAgent', e.userAgent),
        RequestId: e.requestId,
        Protocol: e.protocol,
      })),
      ...paging,
    };
  },
});

export const auditEventsActions: AnyAction[] = [listAuditEvents];

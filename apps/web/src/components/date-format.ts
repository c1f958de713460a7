// The console's one date format, as the AWS console writes timestamps:
// "December 4, 2026, 15:24 (UTC)" — the month spelled out, a 24-hour clock and the UTC offset of
// the time zone it is shown in ("(UTC+01:00)"), so a time copied from one page means the same on
// another. Every page that shows a date uses these functions.

export interface DateFormatOptions {
  /** Add seconds (event logs such as Audit history, where order within a minute matters). */
  seconds?: boolean;
  /** IANA time zone; the browser's own when absent. */
  timeZone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(options: DateFormatOptions): Intl.DateTimeFormat {
  const key = `${options.seconds ? 's' : 'm'}|${options.timeZone ?? ''}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(options.seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    formatters.set(key, cached);
  }
  return cached;
}

/** "GMT+01:00" → "UTC+01:00"; "GMT" and "GMT+00:00" → "UTC" (engines differ on the zero offset). */
function offsetLabel(name: string): string {
  return name.replace(/^GMT/, 'UTC').replace(/^UTC[+-]00:00$/, 'UTC');
}

/** A timestamp (ISO string, epoch milliseconds or Date) as the console shows it, or "-" when there is none. */
export function formatDateTime(value: string | number | Date | undefined | null, options: DateFormatOptions = {}): string {
  if (value === undefined || value === null || value === '') return '-';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : '-';
  const parts = Object.fromEntries(formatter(options).formatToParts(date).map((p) => [p.type, p.value]));
  const time = `${parts.hour}:${parts.minute}${options.seconds ? `:${parts.second}` : ''}`;
  return `${parts.month} ${parts.day}, ${parts.year}, ${time} (${offsetLabel(parts.timeZoneName ?? 'UTC')})`;
}

import { formatDateTime } from '../../components/date-format.ts';

/** A timestamp from the API (ISO text) in the console's one date format; "-" when absent. */
export const formatDate = (iso: string | undefined) => formatDateTime(iso);

/** "1 hour", "12 hours" from seconds. */
export const formatDuration = (seconds: number) => {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours} hour${hours === 1 ? '' : 's'}` : `${seconds} seconds`;
};

/** A timestamp from the API (ISO text) in the browser's locale; "-" when absent. */
export const formatDate = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '-');

/** "1 hour", "12 hours" from seconds. */
export const formatDuration = (seconds: number) => {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours} hour${hours === 1 ? '' : 's'}` : `${seconds} seconds`;
};

// Deleting several entities at once (users, groups): a few at a time rather than one after the
// other, a progress bar in the dialog ("Deleting 12 of 25"), and afterwards flashes saying what
// was deleted and, one by one, what was not and why.
import type { FlashbarProps } from '@cloudscape-design/components/flashbar';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import { useState } from 'react';

/** How many deletions run at once: enough to overlap the round trips, few enough to spare the server. */
export const BULK_CONCURRENCY = 4;

export interface BulkFailure {
  name: string;
  message: string;
}

export interface BulkResult {
  deleted: string[];
  failed: BulkFailure[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs `task` on every name with at most `concurrency` running at once; a failure does not stop
 * the others. `onProgress` is called with the number settled so far. The result keeps the input order.
 */
export async function runBounded(names: string[], task: (name: string) => Promise<unknown>, { concurrency = BULK_CONCURRENCY, onProgress }: { concurrency?: number; onProgress?: (settled: number) => void } = {}): Promise<BulkResult> {
  const outcome: (BulkFailure | true | undefined)[] = new Array(names.length);
  let next = 0;
  let settled = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      const name = names[index]!;
      try {
        await task(name);
        outcome[index] = true;
      } catch (error) {
        outcome[index] = { name, message: messageOf(error) };
      }
      settled++;
      onProgress?.(settled);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, names.length)) }, worker));
  return {
    deleted: names.filter((_n, i) => outcome[i] === true),
    failed: outcome.filter((o): o is BulkFailure => typeof o === 'object'),
  };
}

export interface BulkDeleteState {
  /** Settled so far and in all, while running. */
  progress: { done: number; total: number } | null;
  running: boolean;
  /** The reason when the only entity asked for could not be deleted (the dialog stays open with it). */
  error: string | null;
  run: (names: string[]) => Promise<BulkResult>;
  /** Runs the deletion; `onDone` gets the result unless a single entity failed (then `error` is set). */
  confirm: (names: string[], onDone: (result: BulkResult) => void) => void;
  reset: () => void;
}

/** A bulk deletion with its progress; `afterAll` runs once everything settled (cache invalidation). */
export function useBulkDelete(deleteOne: (name: string) => Promise<unknown>, afterAll?: (names: string[]) => unknown): BulkDeleteState {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (names: string[]) => {
    setProgress({ done: 0, total: names.length });
    try {
      return await runBounded(names, deleteOne, { onProgress: (done) => setProgress({ done, total: names.length }) });
    } finally {
      setProgress(null);
      await afterAll?.(names);
    }
  };
  const confirm = (names: string[], onDone: (result: BulkResult) => void) => {
    setError(null);
    void run(names).then((result) => {
      if (result.deleted.length === 0 && result.failed.length === 1) setError(result.failed[0]!.message);
      else onDone(result);
    });
  };
  return { progress, running: progress !== null, error, run, confirm, reset: () => setError(null) };
}

/** "Deleting 12 of 25 users" with a bar. */
export function BulkDeleteProgress({ done, total, plural }: { done: number; total: number; plural: string }) {
  return (
    <ProgressBar
      label={`Deleting ${plural}`}
      value={total === 0 ? 100 : Math.round((done / total) * 100)}
      description={`Deleting ${Math.min(done + 1, total)} of ${total}`}
      additionalInfo={`${done} of ${total} done`}
    />
  );
}

/** The flashes after a bulk deletion: a success with the count, an error listing each failure with its reason. */
export function bulkResultFlashes(result: BulkResult, noun: { singular: string; plural: string }, onDismiss: (id: string) => void): FlashbarProps.MessageDefinition[] {
  const items: FlashbarProps.MessageDefinition[] = [];
  const count = (n: number) => `${n} ${n === 1 ? noun.singular : noun.plural}`;
  if (result.deleted.length > 0) {
    items.push({
      id: 'bulk-deleted',
      type: 'success',
      dismissible: true,
      dismissLabel: 'Dismiss',
      onDismiss: () => onDismiss('bulk-deleted'),
      header: `Deleted ${count(result.deleted.length)}`,
      content: result.deleted.join(', '),
    });
  }
  if (result.failed.length > 0) {
    items.push({
      id: 'bulk-failed',
      type: 'error',
      dismissible: true,
      dismissLabel: 'Dismiss',
      onDismiss: () => onDismiss('bulk-failed'),
      header: `${count(result.failed.length)} could not be deleted`,
      content: (
        <ul aria-label={`${noun.plural} not deleted`} style={{ margin: 0, paddingInlineStart: '1.2em', overflowWrap: 'anywhere' }}>
          {result.failed.map((f) => (
            <li key={f.name}>
              <b>{f.name}</b>: {f.message}
            </li>
          ))}
        </ul>
      ),
    });
  }
  return items;
}

/** Flash state for a list page: set from a bulk result, each flash dismissible. */
export function useBulkResultFlashes(noun: { singular: string; plural: string }) {
  const [result, setResult] = useState<BulkResult | null>(null);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const items = result ? bulkResultFlashes(result, noun, (id) => setDismissed((d) => [...d, id])).filter((i) => !dismissed.includes(i.id!)) : [];
  return {
    items,
    show: (next: BulkResult) => {
      setDismissed([]);
      setResult(next);
    },
  };
}

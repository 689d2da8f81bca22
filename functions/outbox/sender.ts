/**
 * The outbox sender's two triggers. In AWS the table's stream invokes
 * `sendFromStream` for new PENDING messages, and a schedule invokes
 * `sweepOutbox` for messages whose retry time has come. The local runtime
 * calls `sweepOutbox` on an interval: the same code either way.
 */
import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { drainOutbox, type SendOutcome, sendOutboxMessage, type SenderDeps } from '../../shared/app/outbox';
import { outboxRefFromRecord } from '../../shared/adapters/dynamodb/stream';
import { METRIC } from '../../shared/domain/metrics';
import type { Metrics } from '../../shared/ports';

type Counts = Record<SendOutcome, number>;
const noCounts = (): Counts => ({ sent: 0, retry: 0, failed: 0, suppressed: 0, skipped: 0 });

/** A batch's outcomes as metrics (one EMF line per invocation); EmailsFailed alarms (infra/constructs/outbox.ts). */
function recordBatch(counts: Counts, metrics: Metrics) {
  metrics.count(METRIC.EmailsSent, counts.sent);
  metrics.count(METRIC.EmailsRetried, counts.retry);
  metrics.count(METRIC.EmailsFailed, counts.failed);
  metrics.count(METRIC.EmailsSuppressed, counts.suppressed);
}

/** Partial batch response: a record whose handling threw is retried (bisected) and, at the end, goes to the DLQ. */
export async function sendFromStream(event: DynamoDBStreamEvent, deps: SenderDeps): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  const counts = noCounts();
  for (const record of event.Records) {
    const ref = outboxRefFromRecord(record);
    if (!ref) continue;
    try {
      counts[await sendOutboxMessage(ref, deps)]++;
    } catch (error) {
      deps.logger.error('Outbox record failed', { outboxId: ref.id, error: error instanceof Error ? error.name : 'unknown' });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  recordBatch(counts, deps.metrics);
  return { batchItemFailures };
}

/** Sends everything due, page by page, until nothing is due or `deadline` passes. */
export async function sweepOutbox(deps: SenderDeps, deadline = Date.now() + 20_000) {
  const total = noCounts();
  while (Date.now() < deadline) {
    const counts = await drainOutbox(deps, 50);
    for (const k of Object.keys(total) as SendOutcome[]) total[k] += counts[k];
    // A page with nothing sent, retried, failed or suppressed means nothing is left that this sweep can move.
    if (counts.sent + counts.retry + counts.failed + counts.suppressed === 0) break;
  }
  recordBatch(total, deps.metrics);
  return total;
}

function isStreamEvent(event: unknown): event is DynamoDBStreamEvent {
  return typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);
}

/** One function, two triggers: a stream batch is sent record by record; anything else (the schedule) sweeps. */
export async function outboxEntry(event: unknown, deps: SenderDeps) {
  return isStreamEvent(event) ? sendFromStream(event, deps) : sweepOutbox(deps);
}

/**
 * The outbox function's two triggers. In AWS the table's stream invokes
 * `sendFromStream` for new PENDING messages and `placeFromStream` for newly
 * received profile submissions (whose placement queues their email), and a
 * schedule invokes `sweepOutbox` for messages whose retry time has come and
 * `placeWaitingSubmissions` for submissions the stream did not place. The
 * local runtime runs the same sweep on an interval.
 */
import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { placeSubmission, placeWaitingSubmissions } from '../../shared/app/intake';
import { drainOutbox, type SendOutcome, sendOutboxMessage, type SenderDeps } from '../../shared/app/outbox';
import { outboxDueAtOf, outboxRefFromRecord, submissionIdFromRecord } from '../../shared/adapters/dynamodb/stream';
import { METRIC } from '../../shared/domain/metrics';
import type { Deps, Metrics } from '../../shared/ports';

/** A message due this soon is waited for (a verification email held back to gather a burst); a later one is left to the sweep. */
const STREAM_WAIT_MS = 5_000;

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
      const dueAt = outboxDueAtOf(record);
      const wait = dueAt ? Date.parse(dueAt) - deps.clock.now().getTime() : 0;
      if (wait > 0 && wait <= STREAM_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, wait));
      counts[await sendOutboxMessage(ref, deps)]++;
    } catch (error) {
      deps.logger.error('Outbox record failed', { outboxId: ref.id, error: error instanceof Error ? error.name : 'unknown' });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  recordBatch(counts, deps.metrics);
  return { batchItemFailures };
}

/** Places each newly received submission; a record whose placement threw is retried and, at the end, goes to the DLQ. */
export async function placeFromStream(event: DynamoDBStreamEvent, deps: Deps): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const id = submissionIdFromRecord(record);
    if (!id) continue;
    try {
      await placeSubmission(id, deps);
    } catch (error) {
      deps.logger.error('Submission record failed', { submissionId: id, error: error instanceof Error ? error.name : 'unknown' });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
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

/** The schedule's sweep: submissions first (placing one queues its email), then the mail that is due. */
export async function sweepIntakeAndOutbox(deps: Deps, deadline = Date.now() + 20_000) {
  const placed = await placeWaitingSubmissions(deps);
  return { placed, sent: await sweepOutbox(deps, deadline) };
}

/**
 * One function, two triggers: a stream batch is placed and sent record by
 * record (each record is a submission or a message, never both); anything
 * else (the schedule) sweeps.
 */
export async function outboxEntry(event: unknown, deps: Deps) {
  if (!isStreamEvent(event)) return sweepIntakeAndOutbox(deps);
  const placed = await placeFromStream(event, deps);
  const sent = await sendFromStream(event, deps);
  return { batchItemFailures: [...placed.batchItemFailures, ...sent.batchItemFailures] };
}

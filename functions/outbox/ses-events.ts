/**
 * SES bounce and complaint notifications, delivered by the configuration
 * set's SNS topic. SNS hands Lambda one record per invocation (asynchronously):
 * a record that cannot be handled makes the invocation fail, so Lambda retries
 * it and then parks it in the DLQ (infra/constructs/mail-events.ts).
 */
import type { SNSEvent } from 'aws-lambda';
import { applySesNotification, type SesNotificationOutcome } from '../../shared/app/suppression';
import { parseSesNotification } from '../../shared/domain/ses-notification';
import type { Deps } from '../../shared/ports';

type SesEventsDeps = Parameters<typeof applySesNotification>[1] & Pick<Deps, 'logger'>;

/** One SNS message body (already JSON-parsed): validated here at the edge, then acted on. */
export async function handleSesNotification(message: unknown, deps: SesEventsDeps): Promise<SesNotificationOutcome> {
  return applySesNotification(parseSesNotification(message), deps);
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return (error as { code?: string }).code ?? error.name;
  return 'UnknownError';
}

export async function handleSesEvents(event: SNSEvent, deps: SesEventsDeps): Promise<SesNotificationOutcome[]> {
  const outcomes: SesNotificationOutcome[] = [];
  let failed = 0;
  for (const record of event.Records) {
    try {
      outcomes.push(await handleSesNotification(JSON.parse(record.Sns.Message) as unknown, deps));
    } catch (error) {
      failed++;
      // The SNS message id and an error code only: the message body holds email addresses.
      deps.logger.error('SES notification not handled', { snsMessageId: record.Sns.MessageId, error: errorCode(error) });
    }
  }
  // Thrown after the loop, so one bad record does not stop the others; every step is idempotent on the retry.
  if (failed > 0) throw new Error(`${failed} of ${event.Records.length} SES notifications not handled`);
  return outcomes;
}

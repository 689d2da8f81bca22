/** Reads outbox and submission references from DynamoDB Stream records (keys, and the few attributes the consumers route on). */
import type { DynamoDBRecord } from 'aws-lambda';
import type { OutboxRef } from '../../ports';
import { keys } from './keys';

export function outboxRefFromRecord(record: DynamoDBRecord): OutboxRef | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk || !sk) return undefined;
  return keys.outboxRefOf(pk, sk);
}

/** When an outbox message in a record is due (a verification email is held back briefly to gather a burst). */
export function outboxDueAtOf(record: DynamoDBRecord): string | undefined {
  return record.dynamodb?.NewImage?.data?.M?.dueAt?.S;
}

/** The id of a newly received profile submission, for the consumer that places it; undefined for any other record. */
export function submissionIdFromRecord(record: DynamoDBRecord): string | undefined {
  if (record.eventName !== 'INSERT' || record.dynamodb?.NewImage?.type?.S !== 'submission') return undefined;
  return record.dynamodb.NewImage.data?.M?.id?.S;
}

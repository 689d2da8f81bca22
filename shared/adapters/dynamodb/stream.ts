/** Reads outbox references from DynamoDB Stream records (keys only: the sender re-reads the item when it claims it). */
import type { DynamoDBRecord } from 'aws-lambda';
import type { OutboxRef } from '../../ports';
import { keys } from './keys';

export function outboxRefFromRecord(record: DynamoDBRecord): OutboxRef | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk || !sk) return undefined;
  return keys.outboxRefOf(pk, sk);
}

/** Reads outbox references from DynamoDB Stream records (keys only: the sender re-reads the item when it claims it). */
import type { DynamoDBRecord } from 'aws-lambda';
import type { OutboxMessage } from '../../ports';

export function outboxRefFromRecord(record: DynamoDBRecord): Pick<OutboxMessage, 'id' | 'ownerId'> | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk || !sk?.startsWith('OUTBOX#')) return undefined;
  const id = sk.slice('OUTBOX#'.length);
  return pk.startsWith('PROFILE#') ? { id, ownerId: pk.slice('PROFILE#'.length) } : { id };
}

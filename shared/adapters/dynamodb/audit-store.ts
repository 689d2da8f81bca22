/**
 * AuditStore on DynamoDB: the only code that writes audit entries. Each entry
 * is one item in the partition of what it is about (a person, a match, a
 * round, or the programme), so a person's page reads their history with one
 * query, and on the audit index (one partition, newest first), so the log
 * pages without a scan. Entries sit outside people's partitions: erasure,
 * which deletes a person's partition, never reaches them. They expire after
 * two years through the table's TTL attribute.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AUDIT_RETENTION_DAYS, AuditEntry } from '../../domain/audit';
import type { AuditStore } from '../../ports';
import { DAY_MS, documentClient, epoch } from './client';
import { keys } from './keys';

/** The page cursor is the last entry's index sort key, opaque to callers. */
export const encodeAuditCursor = (at: string, id: string) => Buffer.from(keys.auditIndex(at, id).gsi1sk, 'utf8').toString('base64url');
export const decodeAuditCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export class DynamoAuditStore implements AuditStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async record(entry: AuditEntry) {
    const parsed = AuditEntry.parse(entry);
    // Unconditional: entry ids are fresh UUIDs, and a retried write of the same entry leaves the same item.
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.audit(parsed.target?.id, parsed.at, parsed.id),
          ...keys.auditIndex(parsed.at, parsed.id),
          type: 'audit',
          data: parsed,
          expiresAt: epoch(Date.parse(parsed.at) + AUDIT_RETENTION_DAYS * DAY_MS),
        },
      }),
    );
  }

  async listAudit({ limit, before }: { limit: number; before?: string }) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.AUDIT, ...(before ? { ':before': decodeAuditCursor(before) } : {}) },
        ScanIndexForward: false,
        // One more than asked says whether another page follows.
        Limit: limit + 1,
      }),
    );
    const entries = (out.Items ?? []).map((item) => AuditEntry.parse(item.data));
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page, next: entries.length > limit && last ? encodeAuditCursor(last.at, last.id) : undefined };
  }

  async listAuditOf(targetId: string, limit: number) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPartition(targetId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => AuditEntry.parse(item.data));
  }
}

/**
 * ReportStore on DynamoDB: the programme report's counters. Counter items
 * hold cells (shared/domain/report-counters.ts) as top-level number
 * attributes named by the cell, in small items keyed by kind, month, region
 * and shard (keys.ts). The profile and match stores add to them through the
 * `counterUpdates` builder below, inside the TransactWriteItems of the state
 * change they count, so a counter is never ahead of or behind its data.
 *
 * Each transaction picks one of COUNTER_SHARDS items per counter item at
 * random: two transactions touching one item at once would make DynamoDB
 * cancel one, and shards make that rare (the stores retry it). A read sums
 * the shards. Items stay bounded: the state of one region, or the waiting
 * days or the history of one month (every region: a report reads few items,
 * which DynamoDB serves faster than many small ones).
 *
 * Attribute names are the cells written short (`storedName`): what the
 * item's key already says (its region or month) is left out, and regions and
 * council types are 4-character codes, so items are about a third of the
 * size, which is what a read's time and a write's capacity units grow with.
 *
 * Pending profiles are not counted: TTL deletes them without a write, so
 * they are counted from their index partition when the report is read.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ROLES } from '../../domain/profile';
import { REPORT_COUNCIL_TYPES, REPORT_REGIONS } from '../../domain/report';
import { addTo, type Cells, cell, parseCell, UNKNOWN } from '../../domain/report-counters';
import type { Clock, ReportStore } from '../../ports';
import { documentClient, epoch, queryAll, type TransactItem } from './client';
import { type CounterKind, type Key, keys } from './keys';

/** Shards per counter item: enough that the few concurrent writers of this programme rarely meet on one item. */
export const COUNTER_SHARDS = 4;

/** Attributes of a counter item that are not cells. */
const NOT_CELLS = new Set(['pk', 'sk', 'type']);

const randomShard = () => Math.floor(Math.random() * COUNTER_SHARDS);

/**
 * Regions and council types as short codes in attribute names: a hash of the
 * name, so a code never changes when the reference data gains or reorders
 * names. A name without a code (none today) is written out after a '~'.
 */
const shortCode = (name: string) => createHash('sha256').update(name).digest('base64url').slice(0, 4);
const CODE_OF = new Map([...REPORT_REGIONS, ...REPORT_COUNCIL_TYPES, UNKNOWN].map((name) => [name, shortCode(name)]));
const NAME_OF = new Map([...CODE_OF].map(([name, code]) => [code, name]));
if (NAME_OF.size !== CODE_OF.size) throw new Error('Two regions or council types share a counter code');
const encode = (name: string) => CODE_OF.get(name) ?? `~${name}`;
const decode = (code: string) => (code.startsWith('~') ? code.slice(1) : (NAME_OF.get(code) ?? UNKNOWN));

/** A cell as the attribute name of its item: without what the item's key says, regions and types as codes. */
export function storedName(name: string): string {
  const c = parseCell(name);
  const where = [encode(c.region), encode(c.councilType)];
  switch (c.kind) {
    case 'state':
      return [c.family, ...c.parts, where[1]].join('|');
    case 'waiting':
      return [c.family, c.parts[0]!.slice(8), ...where].join('|');
    case 'month':
      return [c.family, ...c.parts.slice(0, -1), ...where].join('|');
  }
}

/** The cell an attribute of a counter item stands for (the inverse of `storedName`, given the item's key). */
export function cellOf(stored: string, item: { kind: CounterKind; region?: string; month?: string }): string {
  const parts = stored.split('|');
  const type = decode(parts.pop()!);
  if (item.kind === 'state') return [...parts, item.region, type].join('|');
  const region = decode(parts.pop()!);
  const [family, ...rest] = parts;
  if (item.kind === 'waiting') return [family, `${item.month}-${rest[0]}`, region, type].join('|');
  return [family, ...rest, item.month, region, type].join('|');
}

/** A whole counter item (for a rebuild or a benchmark's seed): its key, its type and its cells under their stored names. */
export function counterItem(key: Key, cells: Cells): Record<string, unknown> {
  return { ...key, type: 'counters', ...Object.fromEntries([...cells].map(([name, n]) => [storedName(name), n])) };
}

/** The counter item a cell lives in, on a given shard. */
export function counterKey(key: string, shard: number): Key {
  const c = parseCell(key);
  return keys.reportCounter(c.kind, c.region, shard, c.month);
}

/** Groups cells by the item they live in (on one shard). */
export function groupByItem(cells: Cells, shard: number): { key: Key; cells: Cells }[] {
  const items = new Map<string, { key: Key; cells: Cells }>();
  for (const [name, n] of cells) {
    if (n === 0) continue;
    const key = counterKey(name, shard);
    const id = `${key.pk}\n${key.sk}`;
    let item = items.get(id);
    if (!item) items.set(id, (item = { key, cells: new Map() }));
    item.cells.set(name, n);
  }
  return [...items.values()];
}

/**
 * Counter updates as transaction items: ADD each cell's change to its item on
 * one shard. No condition: an ADD commutes with every other ADD, and the
 * transaction's other items carry the conditions that make the change right.
 */
export function counterUpdates(tableName: string, cells: Cells, shard = randomShard()): TransactItem[] {
  return groupByItem(cells, shard).map(({ key, cells: itemCells }) => {
    const names: Record<string, string> = { '#type': 'type' };
    const values: Record<string, unknown> = { ':type': 'counters' };
    const adds = [...itemCells].map(([name, n], i) => {
      names[`#c${i}`] = storedName(name);
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET #type = :type ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

function addItemCells(out: Cells, item: Record<string, unknown>) {
  const key = keys.reportCounterOf(item as unknown as Key);
  if (!key) return;
  for (const [name, value] of Object.entries(item)) {
    if (!NOT_CELLS.has(name) && typeof value === 'number') addTo(out, cellOf(name, key), value);
  }
}

export class DynamoReportStore implements ReportStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {
    this.doc = documentClient(client);
  }

  private queryKind(kind: CounterKind, scope: { region?: string; months?: { from?: string; to?: string } }) {
    const pk = keys.reportPartition(kind);
    if (kind === 'state' && scope.region) {
      return queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :region)',
        ExpressionAttributeValues: { ':pk': pk, ':region': keys.reportRegionPrefix(scope.region) },
      });
    }
    if (kind === 'month' && (scope.months?.from || scope.months?.to)) {
      const { low, high } = keys.reportMonthBounds(scope.months.from, scope.months.to);
      return queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': pk, ':low': low, ':high': high },
      });
    }
    return queryAll(this.doc, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }

  async readCounters(scope: { region?: string; months?: { from?: string; to?: string } }) {
    const [state, waiting, months] = await Promise.all(keys.REPORT_KINDS.map((kind) => this.queryKind(kind, scope)));
    const out: Cells = new Map();
    for (const item of [...state!, ...waiting!, ...months!]) addItemCells(out, item);
    if (!scope.region) return out;
    // Waiting and month items hold every region: the region is narrowed here.
    for (const name of [...out.keys()]) if (parseCell(name).region !== scope.region) out.delete(name);
    return out;
  }

  async countPending() {
    const now = epoch(this.clock.now().getTime());
    const cells: Cells = new Map();
    const lists = await Promise.all(
      ROLES.map(async (role) => ({
        role,
        items: await queryAll(this.doc, {
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          // TTL deletion lags: a profile past its expiry is gone to every reader.
          FilterExpression: 'expiresAt > :now',
          ProjectionExpression: '#d.#region, #d.councilType',
          ExpressionAttributeNames: { '#d': 'data', '#region': 'region' },
          ExpressionAttributeValues: { ':pk': keys.profilesByStatus(role, 'PENDING_VERIFICATION').gsi1pk, ':now': now },
        }),
      })),
    );
    for (const { role, items } of lists) {
      for (const item of items) {
        const data = item.data as { region?: string; councilType?: string } | undefined;
        addTo(cells, cell.people(role, 'PENDING_VERIFICATION', data?.region ?? '', data?.councilType ?? ''), 1);
      }
    }
    return cells;
  }

  async replaceCounters(cells: Cells) {
    const existing = (
      await Promise.all(
        keys.REPORT_KINDS.map((kind) =>
          queryAll(this.doc, {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.reportPartition(kind) },
            ProjectionExpression: 'pk, sk',
          }),
        ),
      )
    ).flat() as unknown as Key[];
    await this.batch(existing.map((Key) => ({ DeleteRequest: { Key } })));
    const items = groupByItem(cells, 0).map(({ key, cells: itemCells }) => ({ PutRequest: { Item: counterItem(key, itemCells) } }));
    await this.batch(items);
  }

  private async batch(requests: Record<string, unknown>[]) {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: Record<string, unknown>[] = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept items of a batch write unprocessed');
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }));
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}

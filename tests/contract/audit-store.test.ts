/**
 * One suite, two audit stores: the in-memory fake and the DynamoDB adapter.
 * The log lists newest first a page at a time without skipping or repeating
 * an entry, finds the entries about one person or match, outlives that
 * person's erasure, and (in DynamoDB) expires after two years.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys';
import type { AuditEntry } from '../../shared/domain/audit';
import { deriveCouncilFacts, type Profile } from '../../shared/domain/profile';
import { dropTables, storeSets, TestClock, uid } from './stores';

const actor = { subject: 'admin-sub', email: 'admin@socitm.test', via: 'api' as const };

function entry(at: string, o: Partial<AuditEntry> = {}): AuditEntry {
  return { id: uid('audit'), at, action: 'mentor.pause', actor, target: { kind: 'person', id: uid('person') }, details: { from: 'ACTIVE', to: 'PAUSED' }, ...o };
}

function mentee(clock: TestClock): Profile {
  const at = clock.now().toISOString();
  return {
    role: 'mentee',
    name: 'Ada Lovelace',
    email: `${uid('ada')}@council.gov.uk`,
    councilCode: 'E07000223',
    jobTitle: 'Digital lead',
    seniority: 'team-lead',
    skills: ['cyber-security'],
    format: 'remote',
    goals: 'Lead a digital team',
    consent: true,
    ...deriveCouncilFacts('E07000223'),
    id: uid('profile'),
    status: 'PENDING_VERIFICATION',
    createdAt: at,
    updatedAt: at,
    consentedAt: at,
  };
}

afterAll(dropTables);

describe.each(storeSets)('%s audit store', (_name, make) => {
  it('lists newest first, a page at a time, every entry exactly once', async () => {
    const clock = new TestClock();
    const { audit } = await make(clock);
    const written = Array.from({ length: 7 }, (_, i) => entry(new Date(Date.UTC(2030, 0, 1, 9, i)).toISOString()));
    // Two at the same moment: the id keeps them apart and in a stable order.
    written.push(entry(written[3]!.at));
    for (const e of [...written].reverse()) await audit.record(e);
    const seen: AuditEntry[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await audit.listAudit({ limit: 3, before });
      seen.push(...page.entries);
      before = page.next;
      pages++;
    } while (before && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((e) => e.id).sort()).toEqual(written.map((e) => e.id).sort());
    const order = seen.map((e) => `${e.at}#${e.id}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(seen[0]).toEqual(written[6]);
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const clock = new TestClock();
    const { audit } = await make(clock);
    await audit.record(entry('2030-02-01T09:00:00.000Z'));
    await audit.record(entry('2030-02-01T09:01:00.000Z'));
    const first = await audit.listAudit({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBeUndefined();
  });

  it('lists the entries about one person or match, newest first, and entries without a target only in the log', async () => {
    const clock = new TestClock();
    const { audit } = await make(clock);
    const personId = uid('person');
    const a = entry('2030-03-01T09:00:00.000Z', { target: { kind: 'person', id: personId } });
    const b = entry('2030-03-02T09:00:00.000Z', { target: { kind: 'person', id: personId }, action: 'mentor.resume' });
    const other = entry('2030-03-03T09:00:00.000Z');
    const weights = entry('2030-03-04T09:00:00.000Z', { action: 'weights.change', target: undefined, details: { 'skills.before': 60, 'skills.after': 50 } });
    for (const e of [a, b, other, weights]) await audit.record(e);
    expect(await audit.listAuditOf(personId, 10)).toEqual([b, a]);
    expect((await audit.listAudit({ limit: 10 })).entries.map((e) => e.id)).toEqual([weights.id, other.id, b.id, a.id]);
  });

  it('keeps the entries about a person after the person is erased', async () => {
    const clock = new TestClock();
    const { audit, profiles } = await make(clock);
    const person = mentee(clock);
    await profiles.createProfile(person, []);
    const e = entry(clock.iso(), { action: 'person.erase', target: { kind: 'person', id: person.id }, details: { role: 'mentee' } });
    expect(await profiles.eraseProfile(person.id, [])).toBe(true);
    await audit.record(e);
    expect(await profiles.countItemsOf(person.id)).toBe(0);
    expect(await audit.listAuditOf(person.id, 10)).toEqual([e]);
  });

  it('refuses an entry whose details are not flat values', async () => {
    const clock = new TestClock();
    const { audit } = await make(clock);
    await expect(audit.record(entry(clock.iso(), { details: { nested: { a: 1 } as never } }))).rejects.toThrow();
  });
});

describe('the DynamoDB audit store', () => {
  it('sets the table TTL attribute two years after the entry', async () => {
    const [, make] = storeSets.find(([name]) => name === 'dynamodb')!;
    const clock = new TestClock();
    const { audit, table } = await make(clock);
    const e = entry('2030-04-01T09:00:00.000Z');
    await audit.record(e);
    const doc = DynamoDBDocumentClient.from(table!.client);
    const out = await doc.send(new GetCommand({ TableName: table!.tableName, Key: keys.audit(e.target?.id, e.at, e.id) }));
    expect(out.Item?.expiresAt).toBe(Math.floor(Date.parse('2032-03-31T09:00:00.000Z') / 1000));
  });
});

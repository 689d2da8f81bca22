/** The key parsers read back exactly what the builders wrote, so the stream consumer finds the message a store queued. */
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { outboxRefFromRecord } from '../../../shared/adapters/dynamodb/stream';

describe('keys.outboxRefOf', () => {
  it('reads back the id and owner of a person\'s message and the id of one to an erased person', () => {
    const owned = keys.outbox('msg-1', 'person-1');
    const orphan = keys.outbox('msg-2');
    expect(keys.outboxRefOf(owned.pk, owned.sk)).toEqual({ id: 'msg-1', ownerId: 'person-1' });
    expect(keys.outboxRefOf(orphan.pk, orphan.sk)).toEqual({ id: 'msg-2' });
  });

  it('answers undefined for every other item, even in the person\'s partition', () => {
    for (const key of [keys.profile('p'), keys.update('p', 'u'), keys.matchRef('p', 'm'), keys.match('m'), keys.roundLock()]) {
      expect(keys.outboxRefOf(key.pk, key.sk)).toBeUndefined();
    }
  });

  it('is what the stream consumer reads from a record\'s keys', () => {
    const key = keys.outbox('msg-3', 'person-3');
    expect(outboxRefFromRecord({ dynamodb: { Keys: { pk: { S: key.pk }, sk: { S: key.sk } } } })).toEqual({ id: 'msg-3', ownerId: 'person-3' });
    expect(outboxRefFromRecord({ dynamodb: { Keys: { pk: { S: key.pk } } } })).toBeUndefined();
  });
});

describe('prefixes for begins_with', () => {
  it('match the sort keys their builders make', () => {
    expect(keys.outbox('m', 'p').sk.startsWith(keys.outboxPrefix)).toBe(true);
    expect(keys.matchRef('p', 'm').sk.startsWith(keys.matchRefPrefix)).toBe(true);
    expect(keys.feedback('m', 'mentee').sk.startsWith(keys.feedbackPrefix)).toBe(true);
    expect(keys.update('p', 'u').sk.startsWith(keys.outboxPrefix) || keys.update('p', 'u').sk.startsWith(keys.matchRefPrefix)).toBe(false);
  });

  it('put every message due at a moment at or below that moment\'s upper bound', () => {
    const at = '2030-01-15T09:00:00.000Z';
    expect(keys.outboxDue(at, 'ffffffff-ffff-4fff-bfff-ffffffffffff').gsi1sk <= keys.outboxDueUntil(at)).toBe(true);
    expect(keys.outboxDue('2030-01-15T09:00:00.001Z', '0').gsi1sk > keys.outboxDueUntil(at)).toBe(true);
  });
});

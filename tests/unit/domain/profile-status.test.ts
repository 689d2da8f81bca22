import { describe, expect, it } from 'vitest';
import { PROFILE_STATUSES, type ProfileStatus } from '../../../shared/domain/profile';
import { nextProfileStatus, type ProfileEvent } from '../../../shared/domain/profile-status';

const EVENTS: ProfileEvent[] = ['confirm-email', 'pause', 'resume', 'resubmit', 'update', 'erase'];

// The whole table, written out: every (status, event) pair, so adding a move is a deliberate test change.
const EXPECTED: Record<ProfileStatus, Record<ProfileEvent, string | undefined>> = {
  PENDING_VERIFICATION: { 'confirm-email': 'ACTIVE', pause: undefined, resume: undefined, resubmit: 'REPLACED', update: undefined, erase: 'DELETED' },
  ACTIVE: { 'confirm-email': undefined, pause: 'PAUSED', resume: undefined, resubmit: undefined, update: 'ACTIVE', erase: 'DELETED' },
  PAUSED: { 'confirm-email': undefined, pause: undefined, resume: 'ACTIVE', resubmit: undefined, update: 'PAUSED', erase: 'DELETED' },
};

describe('profile state machine', () => {
  const pairs = PROFILE_STATUSES.flatMap((status) => EVENTS.map((event) => [status, event, EXPECTED[status][event]] as const));

  it.each(pairs)('%s --%s--> %s', (status, event, next) => {
    expect(nextProfileStatus(status, event)).toBe(next);
  });

  it('lets a person erase their profile from every state', () => {
    for (const status of PROFILE_STATUSES) expect(nextProfileStatus(status, 'erase')).toBe('DELETED');
  });

  it('never lets a confirm-email link be used twice (an active or paused profile cannot be confirmed again)', () => {
    expect(nextProfileStatus('ACTIVE', 'confirm-email')).toBeUndefined();
    expect(nextProfileStatus('PAUSED', 'confirm-email')).toBeUndefined();
  });

  it('never replaces a verified profile by resubmitting: changes to it need the owner’s confirmation', () => {
    expect(nextProfileStatus('ACTIVE', 'resubmit')).toBeUndefined();
    expect(nextProfileStatus('PAUSED', 'resubmit')).toBeUndefined();
    expect(nextProfileStatus('PENDING_VERIFICATION', 'update')).toBeUndefined();
  });

  it('keeps a paused profile paused when its details are updated', () => {
    expect(nextProfileStatus('PAUSED', 'update')).toBe('PAUSED');
  });
});

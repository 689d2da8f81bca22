/** In-memory RoundStore for unit tests: the round lease and round records. */
import type { RoundRecord, RoundUnmatched } from '../../domain/round';
import type { RoundStore } from '../../ports';
import { clone } from './table';

export class MemoryRoundStore implements RoundStore {
  private rounds: RoundRecord[] = [];
  private lock: { owner: string; until: number } | undefined;
  private readonly unmatched = new Map<string, RoundUnmatched[]>();

  async acquireRoundLock(owner: string, now: Date, until: Date) {
    if (this.lock && this.lock.until >= now.getTime()) return false;
    this.lock = { owner, until: until.getTime() };
    return true;
  }

  async releaseRoundLock(owner: string) {
    if (this.lock?.owner === owner) this.lock = undefined;
  }

  async saveRound(round: RoundRecord) {
    this.rounds = [...this.rounds.filter((r) => r.id !== round.id), clone(round)];
  }

  async listRounds(limit: number) {
    return [...this.rounds].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit).map(clone);
  }

  async saveUnmatched(roundId: string, unmatched: readonly RoundUnmatched[]) {
    this.unmatched.set(roundId, clone([...unmatched]));
  }

  async listUnmatched(roundId: string) {
    return clone(this.unmatched.get(roundId) ?? []);
  }
}

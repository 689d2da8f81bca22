/** In-memory RoundStore for unit tests: the round lease, round records and who each round left unmatched. */
import type { RoundDetails, RoundRecord } from '../../domain/round';
import type { RoundStore } from '../../ports';
import { clone } from './table';

export class MemoryRoundStore implements RoundStore {
  private rounds: RoundRecord[] = [];
  private readonly details = new Map<string, RoundDetails>();
  private lock: { owner: string; until: number } | undefined;

  async acquireRoundLock(owner: string, now: Date, until: Date) {
    if (this.lock && this.lock.until >= now.getTime()) return false;
    this.lock = { owner, until: until.getTime() };
    return true;
  }

  async releaseRoundLock(owner: string) {
    if (this.lock?.owner === owner) this.lock = undefined;
  }

  async saveRound(round: RoundRecord, details?: RoundDetails) {
    this.rounds = [...this.rounds.filter((r) => r.id !== round.id), clone(round)];
    if (details) this.details.set(round.id, clone(details));
  }

  async listRounds(limit: number, range: { from?: string; to?: string } = {}) {
    return [...this.rounds]
      .filter((r) => (!range.from || r.startedAt >= range.from) && (!range.to || r.startedAt <= `${range.to}~`))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, limit)
      .map(clone);
  }

  async getRoundDetails(roundId: string) {
    return clone(this.details.get(roundId));
  }
}

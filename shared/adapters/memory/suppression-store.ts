/** In-memory SuppressionStore for unit tests; compares addresses as the DynamoDB key does (trimmed, lower-case). */
import type { SuppressionReason, SuppressionStore } from '../../ports';

export class MemorySuppressionStore implements SuppressionStore {
  private readonly entries = new Map<string, { reason: SuppressionReason; at: string }>();

  private key(email: string) {
    return email.trim().toLowerCase();
  }

  async suppress(email: string, reason: SuppressionReason, at: string) {
    this.entries.set(this.key(email), { reason, at });
  }

  async isSuppressed(email: string) {
    return this.entries.has(this.key(email));
  }

  async clear(email: string) {
    this.entries.delete(this.key(email));
  }

  /** What is recorded for an address, for assertions. */
  get(email: string) {
    return this.entries.get(this.key(email));
  }
}

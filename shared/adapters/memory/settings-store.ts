/** In-memory SettingsStore for unit tests: the matching weights, replaced whole on every save. */
import type { SettingsStore, StoredWeights } from '../../ports';
import { clone } from './table';

export class MemorySettingsStore implements SettingsStore {
  private weights: StoredWeights | undefined;

  async getWeights() {
    return clone(this.weights);
  }

  async saveWeights(weights: StoredWeights) {
    this.weights = clone(weights);
  }
}

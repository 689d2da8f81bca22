import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidInstance,
  greedyAssignment,
  solveAssignment,
  type AssignmentInstance,
  type Edge,
} from '../../../shared/matching';
import { bruteForce, minCostFlow } from './exact-reference';
import { assertProperty, propertySeed, shuffle } from './seeds';

const seed = propertySeed('solver');

const weight = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.01, max: 100, noNaN: true }));

/** Random instances: every (i, j) present or not, capacities 0 to maxCap. */
const instances = (maxLeft: number, maxRight: number, maxCap: number) =>
  fc
    .record({ left: fc.integer({ min: 0, max: maxLeft }), right: fc.integer({ min: 1, max: maxRight }) })
    .chain(({ left, right }) =>
      fc.record({
        left: fc.constant(left),
        capacities: fc.array(fc.integer({ min: 0, max: maxCap }), { minLength: right, maxLength: right }),
        edges: fc
          .array(fc.option(weight, { nil: null, freq: 2 }), { minLength: left * right, maxLength: left * right })
          .map((ws) => ws.flatMap((w, k): Edge[] => (w === null ? [] : [[Math.floor(k / right), k % right, w]]))),
      }),
    );

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function expectValid(instance: AssignmentInstance, pairs: [number, number][]) {
  const byEdge = new Set(instance.edges.map(([i, j]) => `${i},${j}`));
  const load = new Map<number, number>();
  const seen = new Set<number>();
  for (const [i, j] of pairs) {
    expect(byEdge.has(`${i},${j}`)).toBe(true);
    expect(seen.has(i)).toBe(false);
    seen.add(i);
    load.set(j, (load.get(j) ?? 0) + 1);
  }
  for (const [j, n] of load) expect(n).toBeLessThanOrEqual(instance.capacities[j]!);
}


describe('solveAssignment', () => {
  it('matches as many as brute force, then the same total, on many small instances', () => {
    assertProperty(
      seed,
      2000,
      fc.property(instances(6, 4, 3), (instance) => {
        const got = solveAssignment(instance);
        const want = bruteForce(instance);
        expect(got.matched).toBe(want.matched);
        expect(close(got.total, want.total)).toBe(true);
        expectValid(instance, got.pairs);
      }),
    );
  });

  it('agrees with an independent min-cost max-flow on medium instances', () => {
    assertProperty(
      seed,
      150,
      fc.property(instances(30, 10, 4), (instance) => {
        const got = solveAssignment(instance);
        const want = minCostFlow(instance);
        expect(got.matched).toBe(want.matched);
        expect(close(got.total, want.total)).toBe(true);
      }),
    );
  });

  it('prefers one more match over any amount of score', () => {
    // Greedy takes the 100; the optimum gives both left items a place.
    const instance = { left: 2, capacities: [1, 1], edges: [[0, 0, 100], [0, 1, 1], [1, 0, 1]] as Edge[] };
    expect(solveAssignment(instance)).toEqual({ pairs: [[0, 1], [1, 0]], matched: 2, total: 2 });
    expect(greedyAssignment(instance).matched).toBe(1);
  });

  it('displaces an earlier, weaker match when that raises the total at the same count', () => {
    const instance = { left: 2, capacities: [1], edges: [[0, 0, 1], [1, 0, 10]] as Edge[] };
    expect(solveAssignment(instance)).toEqual({ pairs: [[1, 0]], matched: 1, total: 10 });
  });

  it('gives the same output whatever the order of the edges', () => {
    assertProperty(
      seed,
      200,
      fc.property(instances(8, 5, 3), fc.integer(), (instance, shuffleSeed) => {
        let s = shuffleSeed;
        const random = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
        const shuffled = { ...instance, edges: shuffle(instance.edges, random) };
        expect(solveAssignment(shuffled)).toEqual(solveAssignment(instance));
      }),
    );
  });

  it('never matches fewer after a right item is added', () => {
    assertProperty(
      seed,
      200,
      fc.property(instances(8, 4, 3), fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 1, max: 9 })), (instance, cap, ws) => {
        const j = instance.capacities.length;
        const extra = ws.slice(0, instance.left).map((w, i): Edge => [i, j, w]);
        const grown = { left: instance.left, capacities: [...instance.capacities, cap], edges: [...instance.edges, ...extra] };
        expect(solveAssignment(grown).matched).toBeGreaterThanOrEqual(solveAssignment(instance).matched);
      }),
    );
  });

  it('is never worse than the greedy baseline', () => {
    assertProperty(
      seed,
      200,
      fc.property(instances(10, 5, 3), (instance) => {
        const exact = solveAssignment(instance);
        const greedy = greedyAssignment(instance);
        expectValid(instance, greedy.pairs);
        expect(exact.matched).toBeGreaterThanOrEqual(greedy.matched);
        if (exact.matched === greedy.matched) expect(exact.total).toBeGreaterThanOrEqual(greedy.total - 1e-9);
      }),
    );
  });

  it('stays exact for very small and very large weights', () => {
    for (const scale of [1e-300, 1e-9, 1e9, 1e300]) {
      const instance = { left: 3, capacities: [1, 1], edges: [[0, 0, 3 * scale], [0, 1, 2 * scale], [1, 0, 2 * scale], [2, 1, 1.5 * scale]] as Edge[] };
      const got = solveAssignment(instance);
      expect(got.pairs).toEqual([[0, 0], [2, 1]]);
      expect(close(got.total, 4.5 * scale)).toBe(true);
    }
  });

  it('handles the empty instance and right items without edges', () => {
    expect(solveAssignment({ left: 0, capacities: [], edges: [] })).toEqual({ pairs: [], matched: 0, total: 0 });
    expect(solveAssignment({ left: 2, capacities: [5, 0], edges: [[1, 0, 2]] })).toEqual({ pairs: [[1, 0]], matched: 1, total: 2 });
  });

  it.each([
    [{ left: 1, capacities: [1], edges: [[1, 0, 1]] }, 'edges[0]: i must be a whole number from 0 to 0, got 1'],
    [{ left: 1, capacities: [1], edges: [[0, 1, 1]] }, 'edges[0]: j must be a whole number from 0 to 0, got 1'],
    [{ left: 1, capacities: [1], edges: [[0, 0, -1]] }, 'edges[0]: w must be a finite number greater than 0, got -1'],
    [{ left: 1, capacities: [1], edges: [[0, 0, Number.NaN]] }, 'edges[0]: w must be a finite number greater than 0, got NaN'],
    [{ left: 1, capacities: [-2], edges: [] }, 'capacities[0] must be a whole number of at least 0, got -2'],
    [{ left: 1, capacities: [1], edges: [[0, 0, 1], [0, 0, 2]] }, 'edges: more than one edge for (i, j) = (0, 0)'],
  ])('refuses a bad instance with a readable message (%j)', (instance, message) => {
    expect(() => solveAssignment(instance as unknown as AssignmentInstance)).toThrow(new InvalidInstance(message));
  });
});

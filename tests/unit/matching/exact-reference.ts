/**
 * Independent exact methods the solver is checked against. Deliberately
 * simple and slow: brute force over every choice, and a textbook min-cost
 * max-flow with Bellman-Ford shortest paths on an explicit network.
 */
import type { AssignmentInstance } from '../../../shared/matching';

export interface Optimum {
  matched: number;
  total: number;
}

/** Tries every way of giving each left item one of its edges or nothing. */
export function bruteForce({ left, capacities, edges }: AssignmentInstance): Optimum {
  const byRow: [number, number][][] = Array.from({ length: left }, () => []);
  for (const [i, j, w] of edges) byRow[i]!.push([j, w]);
  const room = [...capacities];
  let best: Optimum = { matched: 0, total: 0 };
  const visit = (i: number, matched: number, total: number) => {
    if (i === left) {
      if (matched > best.matched || (matched === best.matched && total > best.total + 1e-9)) best = { matched, total };
      return;
    }
    visit(i + 1, matched, total);
    for (const [j, w] of byRow[i]!) {
      if (room[j]! <= 0) continue;
      room[j]!--;
      visit(i + 1, matched + 1, total + w);
      room[j]!++;
    }
  };
  visit(0, 0, 0);
  return best;
}

/**
 * Successive shortest paths from a source on source → left → right → sink,
 * with Bellman-Ford on the residual network (costs -w). Each augmentation
 * adds one match at the least cost, so stopping at the maximum flow gives the
 * most matches and, among those, the largest total.
 */
export function minCostFlow({ left, capacities, edges }: AssignmentInstance): Optimum {
  const right = capacities.length;
  const n = left + right + 2;
  const source = left + right;
  const sink = source + 1;
  const to: number[] = [];
  const capArc: number[] = [];
  const cost: number[] = [];
  const out: number[][] = Array.from({ length: n }, () => []);
  const arc = (u: number, v: number, c: number, k: number) => {
    out[u]!.push(to.length);
    to.push(v);
    capArc.push(c);
    cost.push(k);
    out[v]!.push(to.length);
    to.push(u);
    capArc.push(0);
    cost.push(-k);
  };
  for (let i = 0; i < left; i++) arc(source, i, 1, 0);
  for (const [i, j, w] of edges) arc(i, left + j, 1, -w);
  capacities.forEach((c, j) => arc(left + j, sink, c, 0));
  let matched = 0;
  let total = 0;
  for (;;) {
    const dist = new Array<number>(n).fill(Infinity);
    const via = new Array<number>(n).fill(-1);
    dist[source] = 0;
    for (let round = 0; round < n; round++) {
      let changed = false;
      for (let u = 0; u < n; u++) {
        if (dist[u] === Infinity) continue;
        for (const a of out[u]!) {
          if (capArc[a]! > 0 && dist[u]! + cost[a]! < dist[to[a]!]! - 1e-12) {
            dist[to[a]!] = dist[u]! + cost[a]!;
            via[to[a]!] = a;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (dist[sink] === Infinity) return { matched, total };
    for (let v = sink; v !== source; v = to[via[v]! ^ 1]!) {
      capArc[via[v]!]!--;
      capArc[via[v]! ^ 1]!++;
    }
    matched++;
    total -= dist[sink]!;
  }
}

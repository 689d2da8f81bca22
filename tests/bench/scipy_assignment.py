"""
The round's assignment solved by SciPy, for `npm run bench -- --only scipy`.

Reads a candidate graph written by tests/bench/scipy.ts (little-endian
binary columns: left, right, edges, then capacities, rowStart, col as int32
and weight in tenths as float64) and solves the same problem as our solver:
most mentees matched, then the highest total weight. SciPy's
min_weight_full_bipartite_matching (LAPJVsp) needs a full matching of the
rows and no capacities, so each mentor becomes one column per place, and
each mentee gets a private "unmatched" column. Costs are positive:
a real pair costs 1 + maxW - w, staying unmatched costs 1 + maxW + BIG with
BIG above any total weight, so one more match beats any score.

Prints one JSON line: matched, total (in points), and seconds to build the
matrix and to solve.
"""
import json
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def main(path: str) -> None:
    raw = open(path, "rb").read()
    left, right, edges = np.frombuffer(raw, dtype="<i4", count=3)
    at = 12
    capacities = np.frombuffer(raw, dtype="<i4", count=right, offset=at)
    at += 4 * right
    row_start = np.frombuffer(raw, dtype="<i4", count=left + 1, offset=at)
    at += 4 * (left + 1)
    col = np.frombuffer(raw, dtype="<i4", count=edges, offset=at)
    at += 4 * edges
    weight = np.frombuffer(raw, dtype="<f8", count=edges, offset=at)

    started = time.perf_counter()
    # A mentor never takes more mentees than it has edges: trim, as our solver does.
    degree = np.bincount(col, minlength=right)
    places = np.minimum(capacities, degree)
    first_place = np.concatenate(([0], np.cumsum(places)[:-1]))
    total_places = int(places.sum())
    max_w = float(weight.max()) if edges else 0.0
    big = max_w * left + 1
    rows = np.repeat(np.arange(left), np.diff(row_start))
    # Each edge to mentor j becomes one edge to each of j's places.
    per_edge = places[col]
    expanded_rows = np.repeat(rows, per_edge)
    offsets = np.arange(per_edge.sum()) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    expanded_cols = np.repeat(first_place[col], per_edge) + offsets
    expanded_costs = np.repeat(1 + max_w - weight, per_edge)
    all_rows = np.concatenate((expanded_rows, np.arange(left)))
    all_cols = np.concatenate((expanded_cols, total_places + np.arange(left)))
    all_costs = np.concatenate((expanded_costs, np.full(left, 1 + max_w + big)))
    matrix = csr_matrix((all_costs, (all_rows, all_cols)), shape=(left, total_places + left))
    built = time.perf_counter()
    _, chosen = min_weight_full_bipartite_matching(matrix)
    solved = time.perf_counter()

    real = chosen < total_places
    place_owner = np.repeat(np.arange(right), places)
    matched = int(real.sum())
    total = 0.0
    for i in np.nonzero(real)[0]:
        j = place_owner[chosen[i]]
        row = col[row_start[i] : row_start[i + 1]]
        total += float(weight[row_start[i] + int(np.nonzero(row == j)[0][0])])
    print(json.dumps({"matched": matched, "total": total / 10, "buildSeconds": built - started, "solveSeconds": solved - built, "edges": int(all_costs.size)}))


if __name__ == "__main__":
    main(sys.argv[1])

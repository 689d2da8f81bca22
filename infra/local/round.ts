/**
 * `npm run round`: runs one matching round now against the local runtime's
 * database (start it first with `npm start`). Progress by phase (read,
 * candidates, solve, write) goes to stderr, the summary to stdout. The
 * running server's outbox sender delivers the proposal emails to the SES
 * emulator.
 */
import { roundJob } from '../../functions/matching/jobs';
import { phaseProgress } from './progress';
import { runningStackDeps } from './stack-deps';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Set once progress is drawn, so an error starts on a line of its own. */
let drawing = false;

async function main() {
  const { deps, close } = await runningStackDeps();
  const progress = phaseProgress();
  try {
    const result = await roundJob(deps, 'local', {
      onProgress: (p) => {
        drawing = true;
        progress.update(p);
      },
    });
    progress.done();
    if (!result.record) {
      console.log('Another round is running; nothing done.');
      return;
    }
    const r = result.record;
    const t = result.timings!;
    const proof = r.optimality === 'proven' ? 'proven optimal' : `NOT proven optimal (at most ${r.shortfallBound?.mentees ?? '?'} more mentees could have been matched)`;
    console.log(
      `Round ${r.id}: ${r.mentees} waiting mentees, ${r.mentors} mentors with ${r.places} places; ` +
        `${r.proposed} proposals (total score ${r.totalScore}), ${r.skipped} skipped, ${result.unmatched} unmatched, ${proof}, ${r.durationMs} ms ` +
        `(read ${seconds(t.read)}, candidates ${seconds(t.candidates)}, solve ${seconds(t.solve)}, write ${seconds(t.write)}).`,
    );
  } finally {
    progress.done();
    close();
  }
}

main().catch((error: unknown) => {
  console.error(`${drawing ? '\n' : ''}Round failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

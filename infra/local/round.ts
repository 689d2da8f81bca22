/**
 * `npm run round`: runs one matching round now against the local runtime's
 * database (start it first with `npm start`). The running server's outbox
 * sender delivers the proposal emails to the SES emulator.
 */
import { roundJob } from '../../functions/matching/jobs';
import { runningStackDeps } from './stack-deps';

async function main() {
  const { deps, close } = await runningStackDeps();
  try {
    const result = await roundJob(deps, 'local');
    if (!result.record) {
      console.log('Another round is running; nothing done.');
      return;
    }
    const r = result.record;
    console.log(
      `Round ${r.id}: ${r.mentees} waiting mentees, ${r.mentors} mentors with ${r.places} places; ` +
        `${r.proposed} proposals (total score ${r.totalScore}), ${result.unmatched} unmatched, ${r.durationMs} ms.`,
    );
  } finally {
    close();
  }
}

main().catch((error: unknown) => {
  console.error(`Round failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

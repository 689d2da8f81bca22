/**
 * `npm run admin:summary`: sends the weekly summary now, on the local stack
 * (start it first with `npm start`), to ADMIN_EMAILS (default
 * admin@localhost.test). The running service's outbox sender delivers it to
 * the SES emulator's mail viewer.
 */
import { weeklySummaryJob } from '../../functions/matching/jobs';
import { runningStackDeps } from './stack-deps';

async function main() {
  const { deps, env, close } = await runningStackDeps();
  const outcome = await weeklySummaryJob(deps, { adminEmails: env.ADMIN_EMAILS, force: true }).finally(close);
  console.log(
    outcome.queued > 0
      ? `Weekly summary for ${outcome.week} queued to ${outcome.queued} admin${outcome.queued === 1 ? '' : 's'} (${env.ADMIN_EMAILS.join(', ')}); see http://localhost:${env.LOCAL_SES_PORT}/`
      : `Nothing sent: ${outcome.reason === 'no-admins' ? 'ADMIN_EMAILS names nobody' : outcome.reason}.`,
  );
}

main().catch((error: unknown) => {
  console.error(`Weekly summary failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

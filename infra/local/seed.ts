/**
 * `npm run seed -- --demo` or `npm run seed -- --mentees N --mentors M`:
 * fills the running local stack's database (start it first with npm start)
 * with a realistic programme, or with N mentees and M mentors ACTIVE and
 * waiting. A progress bar goes to stderr, the summary to stdout; a bad flag
 * or no running stack is one line on stderr and a non-zero exit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import { LOCAL_TABLE_NAME, localEnv, localSigningKey } from './config';
import { progressBar } from './progress';
import { DEMO, movableClock, parseSeedArgs, seedActive, seedDemo, UsageError } from './seeding';

/** Set once a bar is drawn, so an error starts on a line of its own. */
let drawing = false;

async function main() {
  const command = parseSeedArgs(process.argv.slice(2));
  const env = localEnv();
  const endpoint = `http://127.0.0.1:${env.LOCAL_DYNAMODB_PORT}`;
  const dynamodb = new DynamoDBClient({ ...emulatorClientConfig(endpoint), maxAttempts: 3 });
  const clock = movableClock();
  const quiet = { info() {}, warn() {}, error() {} };
  const deps = buildDeps({
    tableName: LOCAL_TABLE_NAME,
    dynamodb,
    ses: new SESClient(emulatorClientConfig(`http://127.0.0.1:${env.LOCAL_SES_PORT}`)),
    signingKey: localSigningKey(),
    baseUrl: `http://localhost:${env.PORT}`,
    mailFrom: 'mentor-match@localhost.test',
    logger: quiet,
    clock,
  });
  try {
    await deps.profiles.ping();
  } catch {
    throw new Error(
      `no local database answers at ${endpoint} with the table "${LOCAL_TABLE_NAME}": start the service with npm start first`,
    );
  }
  const started = performance.now();
  try {
    if (command.kind === 'active') {
      drawing = true;
      const bar = progressBar('Profiles', command.mentees + command.mentors);
      const summary = await seedActive(deps, command, bar);
      bar.done();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `Seeded ${summary.created} active profiles (${command.mentees} mentees, ${command.mentors} mentors asked; ${summary.skipped} already there) in ${seconds} s.`,
      );
      return;
    }
    if ((await deps.rounds.listRounds(1)).length > 0) {
      throw new Error(
        'the local database already has matching rounds: for a fresh demo stop npm start, delete .local/dynamodb, start it again and seed',
      );
    }
    const options = { ...DEMO, seed: command.seed };
    drawing = true;
    const bar = progressBar('Programme', options.weeks * 7);
    const s = await seedDemo(deps, clock, options, bar);
    bar.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded a ${options.weeks}-week programme in ${seconds} s: ${s.people} people confirmed (${s.pending} never confirmed), ${s.rounds} rounds, ` +
        `${s.proposals} proposals: ${s.accepted} accepted, ${s.declined} declined, ${s.expired} expired, ${s.withdrawn} withdrawn; ` +
        `${s.ended} matches ended with ${s.feedback} feedback answers; ${s.paused} mentors paused, ${s.erased} erased.\n` +
        `Open http://localhost:${env.PORT}/admin to see it.`,
    );
  } finally {
    dynamodb.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`${drawing ? '\n' : ''}seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});

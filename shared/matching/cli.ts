/**
 * The matching CLI, a stable contract other tools call:
 *
 *   npm run --silent match -- solve   < {"left": L, "capacities": [...], "edges": [[i, j, w], ...]}
 *     → {"pairs": [[i, j], ...], "matched": k, "total": t}
 *   npm run --silent match -- round   < {"mentees": [...], "mentors": [...], "exclusions": [...], "weights": {...}}
 *     → {"proposals": [...], "unmatched": [...], "stats": {...}}
 *
 * Bad input exits with code 2 and one readable line on stderr; an unexpected
 * failure exits with code 1. Never a stack trace for a person's mistake.
 */
import { scanSolveInput } from './fast-json';
import { columnsToCandidateGraph, InvalidInstance, toAssignment, type AssignmentInstance } from './graph';
import { solveAssignment, solveGraph } from './solver';

class BadInput extends Error {}

/** stderr gets exactly one line, whatever the message holds (JSON errors quote the input). */
const say = (message: string) => process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new BadInput(`Input is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The usual shape goes through the fast reader into columns; anything it does
 * not recognise (including every malformed input) takes JSON.parse and the
 * object checks, so the messages are the same either way.
 */
async function solve(bytes: Buffer): Promise<unknown> {
  const columns = scanSolveInput(bytes);
  if (columns) {
    const graph = columnsToCandidateGraph(columns);
    return toAssignment(graph, solveGraph(graph));
  }
  const input = parseJson(bytes);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BadInput('Input must be a JSON object with "left", "capacities" and "edges"');
  }
  const unknownKey = Object.keys(input).find((k) => !['left', 'capacities', 'edges'].includes(k));
  if (unknownKey) throw new BadInput(`Unknown field "${unknownKey}": expected "left", "capacities" and "edges"`);
  return solveAssignment(input as AssignmentInstance);
}

/** Loaded on demand: zod and the round code cost a noticeable share of a small solve's start-up. */
async function round(bytes: Buffer): Promise<unknown> {
  const [{ z }, { RoundInput, describeZodError }, { runRound }] = await Promise.all([import('zod'), import('./input'), import('./round')]);
  const input = parseJson(bytes);
  try {
    return runRound(RoundInput.parse(input));
  } catch (error) {
    if (error instanceof z.ZodError) throw new BadInput(describeZodError(error));
    throw error;
  }
}

const COMMANDS: Record<string, (bytes: Buffer) => Promise<unknown>> = { solve, round };

async function main(argv: string[]): Promise<number> {
  const command = COMMANDS[argv[0] ?? ''];
  if (!command || argv.length !== 1) {
    say('Usage: npm run --silent match -- solve|round < input.json');
    return 2;
  }
  try {
    const output = await command(await readStdin());
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof BadInput || error instanceof InvalidInstance) {
      say(error.message);
      return 2;
    }
    say(`Matching failed unexpectedly: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

// A reader that stops early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));

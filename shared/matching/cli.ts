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
import { z } from 'zod';
import { InvalidInstance, type AssignmentInstance } from './graph';
import { RoundInput, describeZodError } from './input';
import { runRound } from './round';
import { solveAssignment } from './solver';

class BadInput extends Error {}

/** stderr gets exactly one line, whatever the message holds (JSON errors quote the input). */
const say = (message: string) => process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadInput(`Input is not valid JSON: ${(error as Error).message}`);
  }
}

function solve(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BadInput('Input must be a JSON object with "left", "capacities" and "edges"');
  }
  const unknownKey = Object.keys(input).find((k) => !['left', 'capacities', 'edges'].includes(k));
  if (unknownKey) throw new BadInput(`Unknown field "${unknownKey}": expected "left", "capacities" and "edges"`);
  return solveAssignment(input as AssignmentInstance);
}

function round(input: unknown): unknown {
  return runRound(RoundInput.parse(input));
}

const COMMANDS: Record<string, (input: unknown) => unknown> = { solve, round };

async function main(argv: string[]): Promise<number> {
  const command = COMMANDS[argv[0] ?? ''];
  if (!command || argv.length !== 1) {
    say('Usage: npm run --silent match -- solve|round < input.json');
    return 2;
  }
  try {
    const output = command(parseJson(await readStdin()));
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof BadInput || error instanceof InvalidInstance) {
      say(error.message);
      return 2;
    }
    if (error instanceof z.ZodError) {
      say(describeZodError(error));
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

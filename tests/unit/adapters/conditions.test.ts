/**
 * Invariants are condition expressions, each with a comment naming the race or
 * invariant it protects (STYLE.md): a condition nobody can explain is one
 * nobody dares change or remove.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../shared/adapters/dynamodb', import.meta.url));

/** `ConditionExpression`s (not KeyConditionExpression) whose line above is not a comment. */
function uncommented(text: string): number[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => (/(^|[^A-Za-z])ConditionExpression\s*:/.test(line) && !/^\s*(\/\/|\*)/.test(lines[i - 1] ?? '') ? [i + 1] : []));
}

describe('condition expressions in the DynamoDB adapters', () => {
  it('are found by the check, which ignores key conditions and accepts a comment line above', () => {
    expect(uncommented("a,\n  ConditionExpression: 'attribute_exists(pk)',")).toEqual([2]);
    expect(uncommented("a,\n  // Two clicks race here.\n  ConditionExpression: 'x'")).toEqual([]);
    expect(uncommented("{ Delete: { Key, ConditionExpression: 'x' } }")).toEqual([1]);
    expect(uncommented("a,\n  KeyConditionExpression: 'pk = :pk',")).toEqual([]);
  });

  it('each have a comment on the line above naming what they prevent', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    const found = files.flatMap((f) => uncommented(readFileSync(join(dir, f), 'utf8')).map((line) => `${f}:${line}`));
    expect(files.length).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });
});

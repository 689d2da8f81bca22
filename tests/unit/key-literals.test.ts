/**
 * Every key string of the one table is built in shared/adapters/dynamodb/keys.ts
 * (STYLE.md), whose header lists the access patterns. A prefix spelled
 * anywhere else ('OUTBOX#' in a begins_with, `MATCH#${id}` in a key) is a key
 * the header does not describe and a builder change does not reach.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEYS_MODULE = 'shared/adapters/dynamodb/keys.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/**
 * Key prefixes written as literals: an upper-case word and `#` at the start of
 * a string ('…', "…", `…`) or straight after a template's `${…}`. Expression
 * attribute names ('#data', '#d.#status') start with `#` and are not prefixes.
 */
const KEY_LITERAL = /(?:['"`]|\})([A-Z][A-Z0-9_]*#)/g;

function keyLiterals(text: string): { line: number; literal: string }[] {
  return [...text.matchAll(KEY_LITERAL)].map((m) => ({
    line: text.slice(0, m.index).split('\n').length,
    literal: m[1]!,
  }));
}

describe('the key literal scanner', () => {
  it('finds prefixes in single-, double-quoted and template strings', () => {
    const text = [
      "const a = 'OUTBOX#';",
      'const b = "PROFILE#" + id;',
      'const c = `MATCH#${id}`;',
      "const d = { pk: 'LOCK#ROUND', sk: 'SUPPRESSED_2#' };",
    ].join('\n');
    expect(keyLiterals(text)).toEqual([
      { line: 1, literal: 'OUTBOX#' },
      { line: 2, literal: 'PROFILE#' },
      { line: 3, literal: 'MATCH#' },
      { line: 4, literal: 'LOCK#' },
      { line: 4, literal: 'SUPPRESSED_2#' },
    ]);
    expect(keyLiterals('const f = `${x}ROUND#${id}`;')).toEqual([{ line: 1, literal: 'ROUND#' }]);
  });

  it('ignores attribute names, lower-case words, plain words and prefixes in comments', () => {
    const text = [
      "ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },",
      "UpdateExpression: 'SET #d.#status = :sent',",
      'const sort = `${at}#${id}`;',
      "const map = `${role}#${email}`, sk = 'PROFILE', css = '#FFF';",
      '// pk PROFILE#<id>, sk OUTBOX#<messageId>',
      "const word = 'Profile#1';",
    ].join('\n');
    expect(keyLiterals(text)).toEqual([]);
  });
});

describe('key strings', () => {
  const files = ['shared', 'functions', 'infra'].flatMap(sourceFiles).filter((f) => f !== KEYS_MODULE);

  it('has files to check, and the keys module among the sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(keyLiterals(readFileSync(join(root, KEYS_MODULE), 'utf8')).length).toBeGreaterThan(3);
  });

  it('spells no key prefix outside shared/adapters/dynamodb/keys.ts', () => {
    const found = files.flatMap((f) => keyLiterals(readFileSync(join(root, f), 'utf8')).map((k) => `${f}:${k.line} ${k.literal}`));
    expect(found).toEqual([]);
  });
});

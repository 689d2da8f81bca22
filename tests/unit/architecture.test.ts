/**
 * The dependency rule (STYLE.md): domain rules, the matching engine and use
 * cases are plain TypeScript. They never import the AWS SDK or Lambda types
 * and never read process.env; adapters and entry files do that. And the
 * layers point inwards: domain imports only domain; the engine only itself
 * and domain; use cases domain, the engine, ports and themselves. The
 * reference data (shared/reference: councils, regions, skills) counts with
 * the domain: it is the pure data the domain's schemas check against.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function imports(text: string): string[] {
  const found = [
    ...text.matchAll(/\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

const layers = ['shared/domain', 'shared/app', 'shared/matching'];

describe.each(layers)('%s', (layer) => {
  const files = sourceFiles(layer);

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(2);
  });

  it('imports neither @aws-sdk nor aws-lambda nor the Powertools logger', () => {
    const bad = files.flatMap((f) =>
      imports(readFileSync(join(root, f), 'utf8'))
        .filter((s) => /^(@aws-sdk\/|aws-lambda$|@aws-lambda-powertools\/)/.test(s))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('imports nothing from adapters, config or functions (dependencies point inwards)', () => {
    const bad = files.flatMap((f) =>
      imports(readFileSync(join(root, f), 'utf8'))
        .filter((s) => /(^|\/)(adapters|config|functions)(\/|$)|\/deps$/.test(s))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('never reads process.env', () => {
    const bad = files.filter((f) => /\bprocess\s*(\.\s*env|\[\s*['"]env['"]\s*\])/.test(readFileSync(join(root, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});

/** A relative import as the repository path it names (no extension), a package import as it is written. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(dirname(file).split('\\').join('/'), specifier)).replace(/\.ts$/, '');
}

const inside = (path: string, dirs: readonly string[]) => dirs.some((d) => path === d || path.startsWith(`${d}/`));

interface Rule {
  layer: string;
  /** Files of the layer the rule does not cover, with the reason. */
  except?: Record<string, string>;
  /** Folders and modules (repository paths, no extension) it may import from. */
  modules: readonly string[];
  /** Packages it may import. */
  packages: readonly string[];
}

const rules: Rule[] = [
  { layer: 'shared/domain', modules: ['shared/domain', 'shared/reference'], packages: ['zod', 'node:crypto'] },
  {
    layer: 'shared/matching',
    // The CLI reads stdin and writes stdout; it is still held to the rules above (no adapters, no process.env).
    except: { 'shared/matching/cli.ts': 'the CLI entry' },
    modules: ['shared/matching', 'shared/domain', 'shared/reference'],
    packages: ['zod'],
  },
  { layer: 'shared/app', modules: ['shared/app', 'shared/domain', 'shared/matching', 'shared/ports'], packages: ['zod'] },
  { layer: 'shared/ports.ts', modules: ['shared/domain'], packages: [] },
  // Reference data is generated at build time by generate.ts, which alone reads files.
  { layer: 'shared/reference', except: { 'shared/reference/generate.ts': 'the build script' }, modules: ['shared/reference'], packages: [] },
];

describe.each(rules.map((r) => [r.layer, r] as const))('%s', (_layer, rule) => {
  const files = (rule.layer.endsWith('.ts') ? [rule.layer] : sourceFiles(rule.layer)).filter((f) => !rule.except?.[f]);

  it('imports only from the layers inside it', () => {
    expect(files.length).toBeGreaterThan(0);
    const bad = files.flatMap((f) =>
      imports(readFileSync(join(root, f), 'utf8'))
        .map((s) => target(f, s))
        .filter((t) => (t.startsWith('shared/') || t.startsWith('functions/') || t.startsWith('infra/') ? !inside(t, rule.modules) : !rule.packages.includes(t)))
        .map((t) => `${f} imports ${t}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('the matching CLI', () => {
  const cli = 'shared/matching/cli.ts';

  it('reaches only the engine, domain and zod beside Node itself', () => {
    const bad = imports(readFileSync(join(root, cli), 'utf8'))
      .map((s) => target(cli, s))
      .filter((t) => !(inside(t, ['shared/matching', 'shared/domain', 'shared/reference']) || t === 'zod' || t.startsWith('node:')));
    expect(bad).toEqual([]);
  });
});

describe('the import scanner', () => {
  it('names relative imports by repository path and leaves packages as written', () => {
    expect(target('shared/app/matches.ts', '../ports')).toBe('shared/ports');
    expect(target('shared/app/matches.ts', '../matching')).toBe('shared/matching');
    expect(target('shared/domain/emails.ts', './outbox')).toBe('shared/domain/outbox');
    expect(target('shared/domain/emails.ts', '../adapters/dynamodb/keys')).toBe('shared/adapters/dynamodb/keys');
    expect(target('shared/domain/emails.ts', '../../infra/config')).toBe('infra/config');
    expect(target('shared/domain/tokens.ts', 'node:crypto')).toBe('node:crypto');
    expect(inside('shared/ports', ['shared/domain'])).toBe(false);
    expect(inside('shared/domainx/a', ['shared/domain'])).toBe(false);
    expect(inside('shared/domain/match', ['shared/domain'])).toBe(true);
  });

  it('finds static, side-effect, re-export and dynamic imports', () => {
    const text = `import { a } from '@aws-sdk/client-ses';\nimport type { B } from "aws-lambda";\nimport 'x';\nexport * from './y';\nconst z = await import('z');`;
    expect(imports(text).sort()).toEqual(['./y', '@aws-sdk/client-ses', 'aws-lambda', 'x', 'z']);
  });
});

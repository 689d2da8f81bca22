/**
 * The dependency rule (STYLE.md): domain rules and use cases are plain
 * TypeScript. They never import the AWS SDK or Lambda types and never read
 * process.env; adapters and entry files do that.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

const layers = ['shared/domain', 'shared/app'];

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

describe('the import scanner', () => {
  it('finds static, side-effect, re-export and dynamic imports', () => {
    const text = `import { a } from '@aws-sdk/client-ses';\nimport type { B } from "aws-lambda";\nimport 'x';\nexport * from './y';\nconst z = await import('z');`;
    expect(imports(text).sort()).toEqual(['./y', '@aws-sdk/client-ses', 'aws-lambda', 'x', 'z']);
  });
});

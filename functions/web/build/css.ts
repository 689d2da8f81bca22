/**
 * Compiles functions/web/styles/mentor-match.scss (govuk-frontend's Sass with
 * our font stack) into functions/web/static/mentor-match.css. The CSS is
 * committed so that a clean clone can `npm start`, test and deploy without a
 * build step; tests/unit/web/assets.test.ts fails when it is out of date.
 *
 *   npm run build:css
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCSS_SOURCE = `${ROOT}functions/web/styles/mentor-match.scss`;
export const CSS_OUTPUT = `${ROOT}functions/web/static/mentor-match.css`;

/** The compiled stylesheet, exactly as it is committed. */
export async function compileCss(): Promise<string> {
  // Imported here so the pages bundle never pulls in the Sass compiler.
  const sass = await import('sass');
  const result = sass.compile(SCSS_SOURCE, {
    loadPaths: [`${ROOT}node_modules`],
    style: 'compressed',
    // govuk-frontend's own deprecation notices are its business, not ours.
    quietDeps: true,
  });
  return `${result.css}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const css = await compileCss();
  writeFileSync(CSS_OUTPUT, css);
  console.log(`Wrote ${CSS_OUTPUT} (${css.length} bytes)`);
}

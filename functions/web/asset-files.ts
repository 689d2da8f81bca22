/**
 * Every static file the pages may ask for, by its public name under
 * /assets/, and where it comes from in the repository. The one list: the
 * assets route serves only these, the pages function's bundle copies exactly
 * these (infra/constructs/web-api.ts), and tests check that every URL a page
 * or the stylesheet references is here.
 *
 * No GOV.UK branding is listed: no GDS Transport font, no crown, crest or
 * GOV.UK icons (docs/decisions.md, "Branding").
 */
export const ASSET_FILES: Readonly<Record<string, string>> = {
  // Our stylesheet: govuk-frontend's Sass with our font stack (functions/web/build/css.ts).
  'mentor-match.css': 'functions/web/static/mentor-match.css',
  'app.js': 'functions/web/static/app.js',
  'govuk-frontend.min.js': 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js',
  'govuk-frontend.min.js.map': 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map',
  'accessible-autocomplete.min.js': 'node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js',
  'accessible-autocomplete.min.js.map': 'node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js.map',
  'manifest.json': 'functions/web/static/manifest.json',
  // The Mentor Match mark (functions/web/brand.ts, rendered by functions/web/build/icons.ts).
  'images/favicon.ico': 'functions/web/static/images/favicon.ico',
  'images/favicon.svg': 'functions/web/static/images/favicon.svg',
  'images/mentor-match-icon-mask.svg': 'functions/web/static/images/mentor-match-icon-mask.svg',
  'images/mentor-match-icon-180.png': 'functions/web/static/images/mentor-match-icon-180.png',
  'images/mentor-match-icon-192.png': 'functions/web/static/images/mentor-match-icon-192.png',
  'images/mentor-match-icon-512.png': 'functions/web/static/images/mentor-match-icon-512.png',
};

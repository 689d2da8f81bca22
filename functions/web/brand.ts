/**
 * The Mentor Match mark: two linked rings, a mentor and a mentee. Our own, so
 * no GOV.UK crown, crest or logotype appears anywhere (the Design System's
 * guidance for services not on GOV.UK). The header draws it inline in the
 * text colour; build-icons.ts renders the favicon and app icons from it.
 */

/** The colour behind the mark in icons and the browser's theme colour. */
export const BRAND_COLOUR = '#00625e';

const RINGS = '<circle cx="11.5" cy="16" r="7.5"/><circle cx="20.5" cy="16" r="7.5"/>';

/** The mark on its own, drawn in `currentColor` (the header's text colour). */
export const MARK_PATHS = `<g fill="none" stroke="currentColor" stroke-width="3">${RINGS}</g>`;

/** The mark in white on a square of the brand colour, as the favicon and app icons show it. */
export function iconSvg(o: { rounded: boolean; size?: number } = { rounded: true }): string {
  const size = o.size ? ` width="${o.size}" height="${o.size}"` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"${size}><rect width="32" height="32"${o.rounded ? ' rx="6"' : ''} fill="${BRAND_COLOUR}"/><g fill="none" stroke="#ffffff" stroke-width="3">${RINGS}</g></svg>`;
}

/** Safari's pinned-tab mask: one colour, no background. */
export const MASK_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><g fill="none" stroke="#000000" stroke-width="3">${RINGS}</g></svg>`;

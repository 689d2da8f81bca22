/**
 * What free text people type may contain. Everything they write ends up in
 * emails to other people, so text is refused at the edge when it could not be
 * sent (lone UTF-16 surrogates), could disguise itself (bidirectional
 * overrides and isolates), shows nothing (only invisible characters), or
 * carries a link into an email from our domain.
 */

/** A surrogate without its pair: no encoder can send it (encodeURIComponent throws URIError). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Right-to-left and left-to-right marks, embeddings, overrides and isolates ("Trojan Source" reordering). */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** White space, format characters (zero-width spaces and joiners, soft hyphen, BOM) and blank-looking letters. */
const INVISIBLE = /[\s\p{Cf}\u2800\u115f\u1160\u3164\uffa0\u180e]/gu;

/** True when something would show if the text were printed. */
export function hasVisibleText(text: string): boolean {
  return isWellFormed(text) && text.replace(INVISIBLE, '').length > 0;
}

/** A web link a mail client would make clickable: a scheme, or a `www.` host. */
export const WEB_LINK = /\b(?:https?|ftp):\/\/|\bwww\.[a-z0-9-]+\.[a-z]/i;

/** Zod refinements in the order a person should fix them, each with its message. */
export function textRules(label: string): { test: (v: string) => boolean; message: string }[] {
  return [
    { test: isWellFormed, message: `${label} contains characters we cannot read: type it again` },
    { test: (v) => !BIDI_CONTROLS.test(v), message: `${label} must not contain text-direction control characters` },
    { test: (v) => !WEB_LINK.test(v), message: `${label} must not contain web links` },
  ];
}

import type * as z from 'zod';
import type { FieldError } from './errors';

/** Turns zod issues into one FieldError per bad field (unknown keys listed one by one). */
export function toFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...path, key].join('.'), message: `${key} is not a field this form accepts` });
      }
    } else {
      out.push({ path: path.join('.'), message: issue.message });
    }
  }
  // One message per field is what a person can act on: keep the first.
  const seen = new Set<string>();
  return out.filter((e) => {
    if (seen.has(e.path)) return false;
    seen.add(e.path);
    return true;
  });
}

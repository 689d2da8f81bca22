/** Settings of the local runtime, shared by `npm start` and `npm run round`. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { adminEmails } from '../../shared/config/env';

export const LOCAL_DIR = resolve('.local');
export const LOCAL_TABLE_NAME = 'mentor-match';

const port = z.coerce.number().int().min(1).max(65535);
const LocalEnv = z.object({
  PORT: port.default(3000),
  LOCAL_DYNAMODB_PORT: port.default(8000),
  LOCAL_SES_PORT: port.default(8005),
  /** How often the local runtime runs a matching round (AWS: daily). 0 turns it off. */
  LOCAL_ROUND_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  /** Who gets the weekly summary locally (its emails land in the SES emulator's mail viewer). */
  ADMIN_EMAILS: adminEmails.transform((emails) => (emails.length > 0 ? emails : ['admin@localhost.test'])),
});
export type LocalEnv = z.infer<typeof LocalEnv>;

export function localEnv(env: Record<string, string | undefined> = process.env): LocalEnv {
  const parsed = LocalEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.');
    throw new Error(name.endsWith('PORT') ? `${name} must be a port number from 1 to 65535` : `${name}: ${issue.message}`);
  }
  return parsed.data;
}

/** A per-machine HMAC key for action links, made once and kept with the local data (mode 600). */
export function localSigningKey(): Buffer {
  mkdirSync(LOCAL_DIR, { recursive: true });
  const file = resolve(LOCAL_DIR, 'signing-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

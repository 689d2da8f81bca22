/**
 * Where the shared emulators listen, for test files in the 'integration' and
 * 'e2e' projects.
 *
 *   emulatorEndpoints() → { dynamodb: string; ses: string }
 *
 * Values come from global-setup.ts through inject(), falling back to the
 * DYNAMODB_ENDPOINT / SES_ENDPOINT env vars (so a helper also works from a
 * script pointed at `npm start`'s emulators).
 */
import { inject } from 'vitest';
import { ENV } from '../../shared/config/env';

export interface EmulatorEndpoints {
  dynamodb: string;
  ses: string;
}

export function emulatorEndpoints(): EmulatorEndpoints {
  return {
    dynamodb: pick(() => inject('dynamodbEndpoint'), ENV.DYNAMODB_ENDPOINT),
    ses: pick(() => inject('sesEndpoint'), ENV.SES_ENDPOINT),
  };
}

function pick(injected: () => string | undefined, envName: string): string {
  let value: string | undefined;
  try {
    value = injected();
  } catch {
    // inject() throws outside a vitest worker; the env var may still be set.
  }
  value ??= process.env[envName];
  if (!value) {
    throw new Error(
      `No ${envName}: run this test in the 'integration' or 'e2e' vitest project (their global setup starts the emulators), e.g. npx vitest run --project integration`,
    );
  }
  return value;
}

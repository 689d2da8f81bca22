/** Deps for non-HTTP Lambdas (stream and schedule): parsed env at cold start, clients built once. */
import { buildLambdaDeps, parseEnv } from '../../shared/deps';
import type { Deps } from '../../shared/ports';

export function lambdaDeps(): () => Promise<Deps> {
  const env = parseEnv(process.env);
  let deps: Promise<Deps> | undefined;
  return () =>
    (deps ??= buildLambdaDeps(env).catch((error) => {
      deps = undefined; // the next invocation tries again (e.g. after a throttled secret read)
      throw error;
    }));
}

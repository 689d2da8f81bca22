/**
 * `npm run --silent admin:token`: prints, on its last line, an ID token for
 * the local admin, signed by this machine's local issuer (the key in .local/)
 * and accepted by `npm start` as `Authorization: Bearer <token>` or as the
 * admin session cookie. `-- --not-admin` prints one for a signed-in user
 * outside the admins group (for 403 checks).
 */
import { LOCAL_ADMIN, LOCAL_NON_ADMIN, machineIssuer } from './admin-issuer';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--not-admin');
if (unknown.length > 0) {
  console.error(`admin:token: unknown option ${unknown[0]} (the only option is --not-admin)`);
  process.exit(2);
}
console.log(machineIssuer().sign(args.includes('--not-admin') ? LOCAL_NON_ADMIN : LOCAL_ADMIN));

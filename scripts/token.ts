import { authConfig, issueToken, ROLES, type Role } from '../gateway/auth.js';
import { DEMO_USERS } from './demo-users.js';

/**
 * Prints a development bearer token for a demo user:
 *   npm run token -- employer          (one of the demo users below)
 *   npm run token -- caseworker BA     (any role, with an authority or organisation)
 * Tokens are signed with AUTH_JWT_SECRET (the dev stack's default when unset).
 */
const [who, extra] = process.argv.slice(2);
const secret = process.env.AUTH_JWT_SECRET ?? 'wsa-local-development-secret-not-for-production';
const demo = DEMO_USERS.find((u) => u.name === who);
let principal;
if (demo) principal = demo.principal;
else if (ROLES.includes(who as Role)) {
  const role = who as Role;
  principal = {
    subject: `${role}-dev`,
    role,
    ...(role === 'caseworker' || role === 'partner' ? { authority: extra ?? 'BA' } : {}),
    ...(role === 'employer' || role === 'agent' ? { organisation: extra ?? '12345678' } : {}),
  };
} else {
  console.error(
    `usage: npm run token -- <${DEMO_USERS.map((u) => u.name).join('|')}> or <role> [authority|org]`,
  );
  process.exit(2);
}
console.log(await issueToken(authConfig(secret), principal));

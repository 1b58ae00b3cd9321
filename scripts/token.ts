import { authConfig, issueToken, ROLES, type Principal, type Role } from '../gateway/auth.js';
import { AUTHORITIES } from '../gateway/data-minimisation.js';
import { DEMO_USERS } from '../gateway/dev/demo-users.js';

/**
 * Prints a development bearer token for a demo user:
 *   npm run token -- employer                (one of the demo users below)
 *   npm run token -- employer 87654321       (a demo user or role for another organisation)
 *   npm run token -- caseworker BA           (any role, with an authority or organisation)
 * The second argument is the authority (caseworker, partner) or the organisation (employer:
 * the 8-digit Betriebsnummer; agent); a malformed one, or one the role does not take, is
 * refused (exit 2), never replaced by a default.
 * Tokens are signed with AUTH_JWT_SECRET (the dev stack's default when unset).
 */
const ORGANISATION: Partial<Record<Role, { pattern: RegExp; says: string }>> = {
  employer: { pattern: /^[0-9]{8}$/, says: 'a Betriebsnummer of 8 digits' },
  agent: { pattern: /^[A-Za-z0-9._-]{1,64}$/, says: 'letters, digits, . _ - (at most 64)' },
};
const USAGE = `usage: npm run token -- <${DEMO_USERS.map((u) => u.name).join('|')}> or <role> [authority|org]`;

function principalFor(args: string[]): Principal {
  const [who, extra, ...rest] = args;
  if (who === undefined || rest.length > 0) throw new Error(USAGE);
  const demo = DEMO_USERS.find((u) => u.name === who)?.principal;
  if (!demo && !ROLES.includes(who as Role)) throw new Error(USAGE);
  const role = demo?.role ?? (who as Role);
  const base: Principal = demo ?? {
    subject: `${role}-dev`,
    role,
    ...(role === 'caseworker' || role === 'partner' ? { authority: 'BA' } : {}),
    ...(role === 'employer' || role === 'agent' ? { organisation: '12345678' } : {}),
  };
  if (extra === undefined) return base;
  if (role === 'caseworker' || role === 'partner') {
    if (!(AUTHORITIES as readonly string[]).includes(extra))
      throw new Error(`"${extra}" is not an authority: one of ${AUTHORITIES.join(', ')}`);
    return { ...base, authority: extra };
  }
  const organisation = ORGANISATION[role];
  if (!organisation) throw new Error(`${who} takes no authority or organisation ("${extra}")`);
  if (!organisation.pattern.test(extra))
    throw new Error(`"${extra}" is not an ${role}'s organisation: ${organisation.says}`);
  return { ...base, organisation: extra };
}

let principal: Principal;
try {
  principal = principalFor(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const secret = process.env.AUTH_JWT_SECRET ?? 'wsa-local-development-secret-not-for-production';
console.log(await issueToken(authConfig(secret), principal));

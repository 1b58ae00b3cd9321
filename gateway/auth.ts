import type { RequestHandler } from 'express';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Problem } from './problem.js';

/**
 * Who is calling. Bearer JWTs with OIDC-style claims; locally signed by the development
 * issuer (HS256, AUTH_JWT_SECRET), in deployment by the platform's identity provider.
 *   sub        stable user or system id
 *   role       applicant | employer | agent | caseworker | partner | process-owner | operator
 *   authority  for caseworker and partner: BA, ABH, BVA, AZR, ... (whose tasks/messages)
 *   org        for employer and agent: the organisation (employer: Betriebsnummer)
 *   office     for caseworker: the one office of the authority they work for (e.g. a local ABH);
 *              without it, a caseworker sees every task of the authority
 *   lead       for caseworker: true for a team lead (may assign any task of the authority)
 */
export const ROLES = [
  'applicant',
  'employer',
  'agent',
  'caseworker',
  'partner',
  'process-owner',
  'operator',
] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  subject: string;
  role: Role;
  authority?: string;
  organisation?: string;
  /** A caseworker bound to one office of the authority (e.g. one local ABH): sees only its office-bound tasks. */
  office?: string;
  /** A caseworker who leads a team: assigns and reassigns the authority's tasks. */
  lead?: boolean;
}

export interface AuthConfig {
  secret: Uint8Array;
  issuer: string;
  audience: string;
}

export function authConfig(
  secret: string,
  issuer = 'wsa-dev-issuer',
  audience = 'wsa-gateway',
): AuthConfig {
  return { secret: new TextEncoder().encode(secret), issuer, audience };
}

/**
 * The longest a token may live (exp − iat, or exp − now without iat): 12 hours, a working day.
 * A token without `exp`, or issued in the future by more than the clock skew, is refused.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** How far the issuer's clock may run ahead of the gateway's. */
export const CLOCK_SKEW_SECONDS = 60;

export async function issueToken(cfg: AuthConfig, p: Principal, ttl = '8h'): Promise<string> {
  return new SignJWT({
    role: p.role,
    ...(p.authority ? { authority: p.authority } : {}),
    ...(p.organisation ? { org: p.organisation } : {}),
    ...(p.office ? { office: p.office } : {}),
    ...(p.lead ? { lead: true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(p.subject)
    .setIssuer(cfg.issuer)
    .setAudience(cfg.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(cfg.secret);
}

export function authenticate(cfg: AuthConfig): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match)
      return next(Problem.unauthorized('Send a bearer token in the Authorization header'));
    try {
      const { payload } = await jwtVerify(match[1]!, cfg.secret, {
        issuer: cfg.issuer,
        audience: cfg.audience,
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const now = Math.floor(Date.now() / 1000);
      const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
      if (iat !== undefined && iat > now + CLOCK_SKEW_SECONDS)
        return next(Problem.unauthorized('The token is issued in the future (iat)'));
      if (payload.exp! - (iat ?? now) > MAX_TOKEN_LIFETIME_SECONDS)
        return next(
          Problem.unauthorized(
            `The token's lifetime exceeds ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours (exp − iat)`,
          ),
        );
      const role = payload.role as Role;
      if (typeof payload.sub !== 'string' || !ROLES.includes(role))
        return next(Problem.unauthorized('The token has no valid subject or role'));
      const principal: Principal = {
        subject: payload.sub,
        role,
        ...(typeof payload.authority === 'string' ? { authority: payload.authority } : {}),
        ...(typeof payload.org === 'string' ? { organisation: payload.org } : {}),
        ...(role === 'caseworker' && typeof payload.office === 'string'
          ? { office: payload.office }
          : {}),
        ...(role === 'caseworker' && payload.lead === true ? { lead: true } : {}),
      };
      res.locals.principal = principal;
      next();
    } catch (err) {
      const reason =
        err instanceof joseErrors.JWTExpired
          ? 'The token has expired'
          : err instanceof joseErrors.JWTClaimValidationFailed &&
              err.claim === 'exp' &&
              err.reason === 'missing'
            ? 'The token has no expiry (exp)'
            : 'The token is not valid';
      next(Problem.unauthorized(reason));
    }
  };
}

export function principalOf(locals: Record<string, unknown>): Principal {
  const p = locals.principal as Principal | undefined;
  if (!p) throw Problem.unauthorized('Not authenticated');
  return p;
}

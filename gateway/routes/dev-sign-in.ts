import express, { Router } from 'express';
import { DEMO_USERS } from '../dev/demo-users.js';
import { issueToken, type AuthConfig } from '../auth.js';
import { Problem } from '../problem.js';

/**
 * Sign-in with the development issuer's demo users, for the web apps on a local or demo
 * stack (DEV_SIGN_IN=true). A real deployment signs people in at the platform's identity
 * provider and never mounts this.
 */
export function devSignInRouter(auth: AuthConfig): Router {
  const router = Router();
  router.get('/users', (_req, res) => {
    res.json({
      users: DEMO_USERS.map((u) => ({
        name: u.name,
        description: u.description,
        role: u.principal.role,
        authority: u.principal.authority ?? null,
      })),
    });
  });
  router.post('/sign-in', express.json({ limit: '4kb' }), async (req, res) => {
    const name = (req.body as { user?: unknown } | undefined)?.user;
    const user = DEMO_USERS.find((u) => u.name === name);
    if (!user)
      throw Problem.badRequest('No such demo user', [
        { field: '/user', reason: 'must name one of GET /dev/users' },
      ]);
    res.json({ token: await issueToken(auth, user.principal), principal: user.principal });
  });
  return router;
}

import { Router } from 'express';
import { authConfig, issueToken, principalOf, type Principal } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import type { Sandbox } from '../data/sandboxes-store.js';
import { Problem } from '../problem.js';

/**
 * Sandboxes on request (docs/sandbox.md), on the platform's gateway: an organisation asks for
 * its sandbox (PUT), follows it (GET) and stops it (DELETE, data kept); the sandbox provisioner
 * starts and stops the organisation's own stack. Once it runs, a token of the sandbox's own
 * issuer for the caller (POST …/tokens) opens the sandbox's gateway and no other. Only the
 * organisation's employers and operators; others 403.
 */
export function sandboxesRouter(deps: GatewayDeps): Router {
  const router = Router();
  const organisationOf = (req: { params: Record<string, string> }, p: Principal) => {
    const organisation = String(req.params.organisation);
    if (!(p.role === 'operator' || (p.role === 'employer' && p.organisation === organisation)))
      throw Problem.forbidden(`Only employers of organisation ${organisation} and operators`);
    return organisation;
  };
  const view = (s: Sandbox) => ({
    organisation: s.organisation,
    state: s.state,
    gatewayUrl: s.state === 'RUNNING' ? s.gatewayUrl : null,
    requestedAt: s.requestedAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    error: s.error,
  });

  router.put('/organisations/:organisation/sandbox', async (req, res) => {
    const principal = principalOf(res.locals);
    const organisation = organisationOf(req, principal);
    res.status(202).json(view(await deps.sandboxes.request(organisation, principal.subject)));
  });
  router.get('/organisations/:organisation/sandbox', async (req, res) => {
    const organisation = organisationOf(req, principalOf(res.locals));
    const sandbox = await deps.sandboxes.get(organisation);
    if (!sandbox) throw Problem.notFound(`Organisation ${organisation} has no sandbox`);
    res.json(view(sandbox));
  });
  router.delete('/organisations/:organisation/sandbox', async (req, res) => {
    const organisation = organisationOf(req, principalOf(res.locals));
    const sandbox = await deps.sandboxes.requestStop(organisation);
    if (!sandbox) throw Problem.notFound(`Organisation ${organisation} has no sandbox`);
    res.status(202).json(view(sandbox));
  });
  router.post('/organisations/:organisation/sandbox/tokens', async (req, res) => {
    const principal = principalOf(res.locals);
    const organisation = organisationOf(req, principal);
    const sandbox = await deps.sandboxes.get(organisation);
    if (!sandbox) throw Problem.notFound(`Organisation ${organisation} has no sandbox`);
    if (sandbox.state !== 'RUNNING' || !sandbox.gatewayUrl)
      throw Problem.conflict('sandbox-not-running', `The sandbox is ${sandbox.state}`);
    await deps.sandboxes.touch(organisation);
    const token = await issueToken(
      authConfig(sandbox.jwtSecret),
      {
        subject: principal.subject,
        role: principal.role,
        ...(principal.organisation ? { organisation: principal.organisation } : {}),
      },
      SANDBOX_TOKEN_TTL,
    );
    res.status(201).json({ token, expiresIn: SANDBOX_TOKEN_TTL, gatewayUrl: sandbox.gatewayUrl });
  });
  return router;
}

const SANDBOX_TOKEN_TTL = '8h';

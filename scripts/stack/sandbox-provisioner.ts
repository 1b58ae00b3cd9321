import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPool } from '../../common/db.js';
import { envInt, envString } from '../../common/env.js';
import { SandboxesStore, type Sandbox } from '../../gateway/data/sandboxes-store.js';
import { migrateStore } from '../../store/migrate.js';
import { isAlive } from './infra.js';
import { sandboxProfileAt } from './profiles.js';
import { ROOT_DIR } from './versions.js';

/**
 * Sandboxes on request (docs/sandbox.md). The platform's gateway records an organisation's
 * request (`PUT /api/v1/organisations/{organisation}/sandbox`); this provisioner, on the host
 * the sandboxes run on, claims it, gives it a port slot and starts the organisation's own stack
 * — `scripts/stack/cli.ts run --profile sandbox` with the slot's ports, a data directory of its
 * own, `SANDBOX_ORGANISATION` and the sandbox's own token issuer — and writes back its gateway
 * URL once that answers `/ready`. A stop asked for, or a sandbox idle for `idleMs`, is stopped
 * (SIGTERM to the stack it started: services, engine host and PostgreSQL stop; the data stays,
 * so asking again starts it where it was).
 *
 * All state is in `read_model.sandboxes`: the provisioner may restart; a sandbox it did not
 * start itself is stopped by the pid recorded there.
 */
export interface ProvisionerOptions {
  store: SandboxesStore;
  /** Slot n's ports: the sandbox profile's shifted by portBase + n × SLOT_STRIDE. */
  portBase: number;
  maxSlots: number;
  /** Each sandbox's data directory is <dataRoot>/<organisation>, its stack's log beside it. */
  dataRoot: string;
  idleMs: number;
  startTimeoutMs: number;
  log: (msg: string) => void;
}

/** Ports between two slots: the profile's six ports never meet the next slot's. */
export const SLOT_STRIDE = 10;

export class SandboxProvisioner {
  constructor(private readonly o: ProvisionerOptions) {}

  /** Where a sandbox of this slot runs (its profile). */
  profileOf(organisation: string, slot: number) {
    return sandboxProfileAt(
      this.o.portBase + slot * SLOT_STRIDE,
      path.join(this.o.dataRoot, safeName(organisation)),
    );
  }

  /** One round: stops first (they free slots), then every waiting start. */
  async tick(): Promise<void> {
    for (const s of await this.o.store.toStop(new Date(Date.now() - this.o.idleMs)))
      await this.stop(s);
    for (let s = await this.o.store.claimStart(this.o.maxSlots); s;) {
      await this.start(s);
      s = await this.o.store.claimStart(this.o.maxSlots);
    }
  }

  private async start(s: Sandbox): Promise<void> {
    const profile = this.profileOf(s.organisation, s.slot!);
    mkdirSync(profile.dataDir, { recursive: true });
    const logFile = path.join(this.o.dataRoot, `${safeName(s.organisation)}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT_DIR, 'scripts/stack/cli.ts'),
        'run',
        '--profile',
        'sandbox',
      ],
      {
        cwd: ROOT_DIR,
        env: {
          ...process.env,
          WSA_PORT_OFFSET: String(this.o.portBase + s.slot! * SLOT_STRIDE),
          WSA_DATA_DIR: profile.dataDir,
          SANDBOX_ORGANISATION: s.organisation,
          AUTH_JWT_SECRET: s.jwtSecret,
          WSA_DEMO_DATA: 'off',
          // Only the tokens the platform's gateway issues for it (POST …/sandbox/tokens).
          WSA_DEV_SIGN_IN: 'off',
          // The platform's own store and engine are not the sandbox's.
          DATABASE_URL: '',
          ENGINE_URL: '',
        },
        stdio: ['ignore', fd, fd],
        detached: true,
      },
    );
    closeSync(fd);
    child.unref();
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `stack exited (${signal ?? code})`));
    const url = `http://127.0.0.1:${profile.gatewayPort}`;
    this.o.log(`sandbox ${s.organisation}: starting in slot ${s.slot} (${url}, log ${logFile})`);
    const deadline = Date.now() + this.o.startTimeoutMs;
    for (;;) {
      if (exited) {
        await this.o.store.failed(s.organisation, `${exited}; see ${logFile}`);
        return;
      }
      try {
        if ((await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) })).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        await this.kill(child.pid!);
        await this.o.store.failed(s.organisation, `not ready after ${this.o.startTimeoutMs} ms`);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await this.o.store.started(s.organisation, url, child.pid!);
    this.o.log(`sandbox ${s.organisation}: running at ${url}`);
  }

  private async stop(s: Sandbox): Promise<void> {
    if (s.pid) await this.kill(s.pid);
    await this.o.store.stopped(s.organisation);
    this.o.log(`sandbox ${s.organisation}: stopped (data kept)`);
  }

  /** SIGTERM to the stack's cli, which stops its services and infrastructure, then waits. */
  private async kill(pid: number): Promise<void> {
    if (!isAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 90_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

const safeName = (organisation: string) => organisation.replace(/[^A-Za-z0-9_-]/g, '_');

/** `node --import tsx scripts/stack/sandbox-provisioner.ts`: the provisioner as a process. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const databaseUrl = envString('DATABASE_URL');
  await migrateStore(databaseUrl);
  const pool = createPool(databaseUrl, { max: 2, applicationName: 'sandbox-provisioner' });
  const provisioner = new SandboxProvisioner({
    store: new SandboxesStore(pool),
    portBase: envInt('SANDBOX_PORT_BASE', 0),
    maxSlots: envInt('SANDBOX_MAX_SLOTS', 4),
    dataRoot: envString(
      'SANDBOX_DATA_ROOT',
      path.join(process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local'), 'data', 'sandboxes'),
    ),
    idleMs: envInt('SANDBOX_IDLE_MINUTES', 120) * 60_000,
    startTimeoutMs: 300_000,
    log: (msg) => console.error(msg),
  });
  for (;;) {
    await provisioner.tick().catch((err: Error) => console.error(`round failed: ${err.message}`));
    await new Promise((r) => setTimeout(r, envInt('SANDBOX_POLL_MS', 2000)));
  }
}

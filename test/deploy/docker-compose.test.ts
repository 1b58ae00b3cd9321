import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import yaml from 'js-yaml';
import { ROOT_DIR, readVersions } from '../../scripts/stack/versions.js';

/**
 * docker-compose.yml (deployment only) against versions.env and the engine host: static
 * checks, no Docker and no running service needed.
 */
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  deploy?: { replicas?: number };
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: Array<
    string | number | { host_ip?: string; published?: string | number; target?: number }
  >;
  depends_on?: string[] | Record<string, { condition?: string }>;
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
}

const compose = yaml.load(
  readFileSync(path.join(ROOT_DIR, 'docker-compose.yml'), 'utf8'),
) as ComposeFile;
const versions = readVersions();

function version(name: string): string {
  const value = versions[name];
  expect(value, `${name} in versions.env`).to.be.a('string').and.not.equal('');
  return value!;
}

function service(name: string): ComposeService {
  const s = compose.services?.[name];
  expect(s, `service ${name} in docker-compose.yml`).to.be.an('object');
  return s!;
}

/** The tag of `repo[:tag]` (a registry host may carry a port, so only after the last '/'). */
function imageTag(name: string): { repo: string; tag: string } {
  const image = service(name).image;
  expect(image, `image of ${name}`).to.be.a('string');
  const slash = image!.lastIndexOf('/');
  const colon = image!.lastIndexOf(':');
  expect(colon, `image of ${name} has a tag: ${image}`).to.be.greaterThan(slash);
  return { repo: image!.slice(0, colon), tag: image!.slice(colon + 1) };
}

/** environment as a map, whether written as a map or as a list of KEY=VALUE. */
function env(name: string): Record<string, string> {
  const raw = service(name).environment ?? {};
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const eq = item.indexOf('=');
      if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
    }
  } else {
    for (const [k, v] of Object.entries(raw))
      out[k] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

describe('docker-compose.yml (deployment)', () => {
  it('declares every service', () => {
    for (const name of ['gateway', 'workers', 'projector', 'simulators', 'postgres', 'engine'])
      service(name);
  });

  it('uses open-source images only: no Zeebe, no Redis exporter, no MongoDB', () => {
    for (const [name, s] of Object.entries(compose.services ?? {})) {
      const image = s.image ?? '';
      expect(image, name).to.not.match(/zeebe|camunda|mongo|redis|ferretdb/i);
    }
    const text = readFileSync(path.join(ROOT_DIR, 'docker-compose.yml'), 'utf8');
    expect(text).to.not.match(/zeebe|mongodb|ferretdb/i);
  });

  it('builds the engine host from engine/ and runs three nodes of it', () => {
    const engine = service('engine');
    const build = typeof engine.build === 'string' ? { context: engine.build } : engine.build;
    expect(build?.context).to.equal('engine');
    expect(engine.deploy?.replicas).to.equal(3);
    const dockerfile = readFileSync(path.join(ROOT_DIR, 'engine', 'Dockerfile'), 'utf8');
    expect(dockerfile).to.match(/^FROM maven:[^\n]*temurin-17/m);
    expect(dockerfile).to.match(/^FROM eclipse-temurin:17-jre/m);
    const pom = readFileSync(path.join(ROOT_DIR, 'engine', 'pom.xml'), 'utf8');
    expect(pom, 'engine/pom.xml pins the Operaton version of versions.env').to.contain(
      `<operaton.version>${version('OPERATON_VERSION')}</operaton.version>`,
    );
  });

  it('gives the gateway and the workers their own engine accounts, passwords from the environment', () => {
    const users = env('engine').ENGINE_REST_USERS!;
    expect(users).to.match(
      /^gateway:\$\{ENGINE_GATEWAY_PASSWORD[^}]*\},workers:\$\{ENGINE_WORKERS_PASSWORD[^}]*\}$/,
    );
    expect(env('gateway')).to.include({ ENGINE_URL: 'http://engine:8080', ENGINE_USER: 'gateway' });
    expect(env('workers')).to.include({ ENGINE_URL: 'http://engine:8080', ENGINE_USER: 'workers' });
    for (const name of ['gateway', 'workers'])
      expect(env(name).ENGINE_PASSWORD, name).to.match(/^\$\{ENGINE_(GATEWAY|WORKERS)_PASSWORD/);
    expect(service('engine').ports ?? [], 'the engine API is not published').to.have.length(0);
  });

  it('runs the PostgreSQL major version from versions.env (open-source image)', () => {
    const { repo, tag } = imageTag('postgres');
    expect(repo).to.equal('postgres');
    expect(tag).to.match(new RegExp(`^${version('POSTGRES_MAJOR')}([.-]|$)`));
  });

  it('gives every service of ours the database, with its password from the environment', () => {
    for (const name of ['gateway', 'workers', 'projector']) {
      const url = env(name).DATABASE_URL;
      expect(url, `${name} DATABASE_URL`).to.match(/^postgres:\/\/wsa:\$\{POSTGRES_PASSWORD/);
    }
  });

  it('publishes ports on 127.0.0.1 only', () => {
    let published = 0;
    for (const [name, s] of Object.entries(compose.services ?? {})) {
      for (const port of s.ports ?? []) {
        published++;
        if (typeof port === 'object') {
          expect(port.host_ip, `${name} port ${JSON.stringify(port)}`).to.equal('127.0.0.1');
        } else {
          expect(String(port), `${name} port ${port}`).to.match(
            /^127\.0\.0\.1:\d+(-\d+)?:\d+(-\d+)?(\/(tcp|udp))?$/,
          );
        }
      }
    }
    expect(published, 'published ports found').to.be.greaterThan(0);
  });

  it('takes the gateway JWT secret from the environment, never a literal', () => {
    const secret = env('gateway').AUTH_JWT_SECRET;
    expect(secret, 'AUTH_JWT_SECRET on gateway').to.be.a('string');
    // ${NAME}, ${NAME?msg} or ${NAME:?msg}; a default (${NAME:-x}) would be a literal secret.
    expect(secret).to.match(/^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$/);
  });
});

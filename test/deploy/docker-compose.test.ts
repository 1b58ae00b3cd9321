import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import yaml from 'js-yaml';
import { EXPORTED_VALUE_TYPES } from '../../projector/projector.js';
import { ROOT_DIR, readVersions } from '../../scripts/stack/versions.js';

/**
 * docker-compose.yml (deployment only) against versions.env and the projector: static checks,
 * no Docker and no running service needed.
 */
interface ComposeService {
  image?: string;
  command?: string | string[];
  entrypoint?: string | string[];
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

function commandText(s: ComposeService): string {
  const parts = [s.entrypoint ?? [], s.command ?? []].map((p) =>
    Array.isArray(p) ? p.join(' ') : p,
  );
  return parts.join(' ');
}

describe('docker-compose.yml (deployment)', () => {
  it('declares every service', () => {
    for (const name of [
      'gateway',
      'workers',
      'projector',
      'simulators',
      'redis',
      'postgres',
      'zeebe',
    ])
      service(name);
  });

  it('runs the Zeebe version pinned in versions.env', () => {
    const { repo, tag } = imageTag('zeebe');
    expect(repo).to.equal('camunda/zeebe');
    expect(tag).to.equal(version('ZEEBE_VERSION'));
  });

  it('fetches the Redis exporter version pinned in versions.env before the broker starts', () => {
    const v = version('ZEEBE_REDIS_EXPORTER_VERSION');
    const cmd = commandText(service('zeebe-exporter-fetch'));
    expect(cmd).to.include(`io.zeebe.redis:zeebe-redis-exporter:${v}:jar:jar-with-dependencies`);
    expect(cmd).to.include(`/io/zeebe/redis/zeebe-redis-exporter/${v}/`);
    const deps = service('zeebe').depends_on;
    expect(deps, 'zeebe depends_on as a map with conditions')
      .to.be.an('object')
      .and.not.be.an('array');
    expect(
      (deps as Record<string, { condition?: string }>)['zeebe-exporter-fetch']?.condition,
    ).to.equal('service_completed_successfully');
  });

  it('runs the Redis major version from versions.env', () => {
    const { repo, tag } = imageTag('redis');
    expect(repo).to.equal('redis');
    expect(tag).to.match(new RegExp(`^${version('REDIS_MAJOR').replace(/\./g, '\\.')}([.-]|$)`));
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

  it('exports exactly the value types the projector consumes, under the projector stream prefix', () => {
    const zeebe = env('zeebe');
    expect(zeebe.ZEEBE_REDIS_ENABLED_VALUE_TYPES).to.equal(EXPORTED_VALUE_TYPES.join(','));
    expect(zeebe.ZEEBE_REDIS_ENABLED_RECORD_TYPES).to.equal('EVENT');
    expect(zeebe.ZEEBE_REDIS_NAME, 'exporter stream prefix').to.be.a('string').and.not.equal('');
    expect(env('projector').ZEEBE_REDIS_NAME ?? 'zeebe', 'projector stream prefix').to.equal(
      zeebe.ZEEBE_REDIS_NAME,
    );
  });

  it('takes the gateway JWT secret from the environment, never a literal', () => {
    const secret = env('gateway').AUTH_JWT_SECRET;
    expect(secret, 'AUTH_JWT_SECRET on gateway').to.be.a('string');
    // ${NAME}, ${NAME?msg} or ${NAME:?msg}; a default (${NAME:-x}) would be a literal secret.
    expect(secret).to.match(/^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$/);
  });
});

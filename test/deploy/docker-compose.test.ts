import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import yaml from 'js-yaml';
import { ROOT_DIR, readVersions } from '../../scripts/stack/versions.js';
import { PARTNERS, partnerUrlVariable } from '../../common/partners.js';

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
  user?: string | number;
  restart?: string;
  healthcheck?: { test?: string | string[]; disable?: boolean };
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

  it('points the workers at every partner system of common/partners.ts (here: its simulator)', () => {
    const workers = env('workers');
    for (const partner of PARTNERS)
      expect(workers[partnerUrlVariable(partner)], partner).to.equal(
        `http://simulators:4010/${partner}`,
      );
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

  it('does not check the gateway responses against the OpenAPI document unless told to', () => {
    // The tests do (strict); in production it costs CPU on every answer (gateway/README.md).
    expect(env('gateway').OPENAPI_RESPONSE_VALIDATION).to.equal(
      '${OPENAPI_RESPONSE_VALIDATION:-off}',
    );
  });

  describe('our services: the production image', () => {
    const dockerfile = readFileSync(path.join(ROOT_DIR, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const runtime = stages.at(-1) ?? '';
    const ours = Object.entries(compose.services ?? {}).filter(([, s]) => {
      const build = typeof s.build === 'string' ? { context: s.build } : s.build;
      return build?.context === '.';
    });
    /** The TypeScript source of `node dist/<file>.js`. */
    const sourceOf = (name: string): string => {
      const command = service(name).command;
      expect(command, `command of ${name}`).to.be.an('array');
      const [node, entry, ...rest] = command as string[];
      expect([node, rest.length], `${name} runs plain node on one file`).to.deep.equal(['node', 0]);
      expect(entry, `${name} runs compiled code`).to.match(/^dist\/.+\.js$/);
      return entry!.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    };

    it('are the gateway, workers, projector, simulators and the deploy job', () => {
      expect(ours.map(([name]) => name).sort()).to.deep.equal(
        ['deploy', 'gateway', 'projector', 'simulators', 'workers'].sort(),
      );
    });

    it('run the built image: compiled JavaScript on plain node, no tsx', () => {
      for (const [name, s] of ours) {
        expect(s.image, name).to.equal('wsa-orchestrator:local');
        const source = sourceOf(name);
        expect(existsSync(path.join(ROOT_DIR, source)), `${name}: ${source} exists`).to.equal(true);
      }
      expect(readFileSync(path.join(ROOT_DIR, 'docker-compose.yml'), 'utf8')).to.not.match(/tsx/);
    });

    it('run as a user other than root', () => {
      for (const [name, s] of ours)
        expect(String(s.user ?? ''), `${name} user`).to.not.match(/^(|root|0)(:|$)/);
      expect(runtime, 'the runtime stage sets a non-root user').to.match(
        /^USER (?!root\b|0\b)\S+/m,
      );
      const engine = readFileSync(path.join(ROOT_DIR, 'engine', 'Dockerfile'), 'utf8');
      expect(engine.split(/^FROM /m).at(-1), 'the engine host too').to.match(
        /^USER (?!root\b|0\b)\S+/m,
      );
      for (const [name, s] of Object.entries(compose.services ?? {}))
        expect(String(s.user ?? ''), `${name} user`).to.not.match(/^(root|0)(:|$)/);
    });

    it('every long-running service has a health check; ours ask their own port', () => {
      const ports: Record<string, string | undefined> = {
        gateway: env('gateway').GATEWAY_PORT,
        simulators: env('simulators').SIMULATORS_PORT,
        workers: env('workers').WORKERS_METRICS_PORT,
        projector: env('projector').PROJECTOR_METRICS_PORT,
      };
      for (const [name, s] of Object.entries(compose.services ?? {})) {
        if (s.restart === 'no') {
          expect(s.healthcheck?.disable, `${name} runs once: health check off`).to.equal(true);
          continue;
        }
        const test = s.healthcheck?.test;
        expect(test, `${name} healthcheck`).to.be.an('array').with.length.greaterThan(1);
        expect(test![0], name).to.be.oneOf(['CMD', 'CMD-SHELL']);
        if (ports[name] !== undefined) {
          expect(test!.slice(1, 3), name).to.deep.equal(['node', 'dist/scripts/healthcheck.js']);
          expect(test![3], name).to.equal(`http://127.0.0.1:${ports[name]}/health`);
        }
      }
      expect(existsSync(path.join(ROOT_DIR, 'scripts', 'healthcheck.ts'))).to.equal(true);
      expect(runtime).to.match(
        /^HEALTHCHECK .*\bCMD \["node", "dist\/scripts\/healthcheck\.js"\]/ms,
      );
    });

    it('is built in two stages: compiled and bundled at build, production dependencies at run', () => {
      expect(stages.length, 'build and runtime stages').to.be.greaterThanOrEqual(2);
      expect(stages[0]).to.match(/^RUN npm ci\b/m);
      expect(stages[0]).to.match(/^RUN npm run build$/m);
      const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      expect(pkg.scripts.build).to.contain('scripts/build.ts');
      expect(runtime).to.match(/^RUN npm ci --omit=dev\b/m);
      expect(runtime).to.match(/^COPY --from=build \S+\/dist \.\/dist$/m);
      expect(runtime).to.match(/^ENV NODE_ENV=production\b/m);
      expect(runtime).to.match(/^CMD \["node", "dist\/gateway\/main\.js"\]$/m);
      expect(runtime).to.not.match(/tsx/);
      const ignored = readFileSync(path.join(ROOT_DIR, '.dockerignore'), 'utf8').split('\n');
      expect(ignored).to.include.members(['node_modules', 'dist', '.local']);
    });

    it('finds every package its code imports among the production dependencies', () => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      const entries = [...ours.map(([name]) => sourceOf(name)), 'scripts/healthcheck.ts'];
      const missing = new Set<string>();
      for (const bare of runtimeImports(entries)) {
        const name = bare.startsWith('@')
          ? bare.split('/').slice(0, 2).join('/')
          : bare.split('/')[0]!;
        if (!(name in pkg.dependencies)) missing.add(`${name} (${bare})`);
      }
      expect([...missing], 'imported at run time but not a production dependency').to.deep.equal(
        [],
      );
    });

    it('compiles every folder the services load (tsconfig.build.json)', () => {
      const build = JSON.parse(
        readFileSync(path.join(ROOT_DIR, 'tsconfig.build.json'), 'utf8'),
      ) as { include: string[]; compilerOptions: { outDir: string } };
      expect(build.compilerOptions.outDir).to.equal('dist');
      const entries = [...ours.map(([name]) => sourceOf(name)), 'scripts/healthcheck.ts'];
      const files = new Set<string>();
      runtimeImports(entries, files);
      const folders = new Set([...files].map((f) => f.split('/')[0]!));
      expect(build.include).to.include.members([...folders]);
      for (const folder of build.include)
        expect(folder, 'no tests or benchmarks in the image').to.not.match(/^(test|bench)/);
    });
  });
});

/**
 * The packages the code reachable from `entries` imports (relative imports followed; type-only
 * imports and `node:` modules skipped); `seen` collects the files. The one dynamic import of esbuild is the dev stack's
 * bundling on request: the image serves the bundles built at image build instead.
 */
function runtimeImports(entries: string[], seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(path.join(ROOT_DIR, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gms),
      ...text.matchAll(/^\s*import\s+'([^']+)'/gm),
      ...text.matchAll(/\bimport\('([^']+)'\)/g),
      ...text.matchAll(/\brequire(?:\.resolve)?\('([^']+)'\)/g),
    ].map((m) => m[1]!);
    for (const spec of specifiers) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        const target = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
        expect(existsSync(path.join(ROOT_DIR, target)), `${file} imports ${spec}`).to.equal(true);
        queue.push(target);
      } else if (!(spec === 'esbuild' && file === 'gateway/ui/web-apps.ts')) {
        packages.add(spec);
      }
    }
  }
  return packages;
}

// The deployment files are checked, not run: there is no container engine, Kubernetes or
// Render here. The Dockerfile goes through dockerfile-utils' validator (the one behind the
// Dockerfile language server) and through checks of what matters in it; the YAML files are
// parsed and checked for the services and jobs they must hold; systemd units go through
// `systemd-analyze verify`; and every insightos command line in them must parse with the
// binary just built (`insightos ... --help` exits 0 only for known commands and flags).
//
// Environment: INSIGHTOS_SOURCE_DIR, INSIGHTOS_BINARY (set by tests/deploy/CMakeLists.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const source = process.env.INSIGHTOS_SOURCE_DIR;
const binary = process.env.INSIGHTOS_BINARY;
const require = createRequire(join(source, 'package.json'));
const { validate } = require('dockerfile-utils');
const { DockerfileParser } = require('dockerfile-ast');
const YAML = require('yaml');

const read = (path) => readFileSync(join(source, path), 'utf8');

// `insightos ARGS --help` must succeed: the subcommand and every flag exist.
function assertCommandParses(args, where) {
  assert.equal(args[0], 'insightos', `${where}: runs ${args.join(' ')}`);
  const run = spawnSync(binary, [...args.slice(1), '--help'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${where}: \`${args.join(' ')}\` is not a valid insightos command:\n${run.stderr}`);
}

// Splits a command line the way a shell would for these simple commands (no quotes used).
const words = (command) => command.trim().split(/\s+/);

// Five-field cron expressions as Render and Kubernetes take them.
function assertCronSchedule(schedule, where) {
  const fields = schedule.split(' ');
  assert.equal(fields.length, 5, `${where}: '${schedule}' has ${fields.length} fields`);
  const ranges = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];
  fields.forEach((field, i) => {
    for (const part of field.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      assert.ok(m, `${where}: bad cron field '${field}'`);
      for (const n of [m[2], m[3]].filter(Boolean).map(Number)) {
        assert.ok(n >= ranges[i][0] && n <= ranges[i][1], `${where}: ${n} out of range in '${schedule}'`);
      }
    }
  });
}

// The jobs every deployment must schedule, and the collector's own commands.
const kJobs = ['score', 'train', 'ltv', 'dashboard', 'partitions'];

function jobOfCommand(args) {
  if (args[1] === 'jobs' && (args[2] === 'run' || args[2] === 'trigger')) return args[3];
  return null;
}

// .dockerignore patterns as Docker applies them to these simple entries.
function dockerIgnored(path) {
  const patterns = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return patterns.some((pattern) => {
    const dir = pattern.endsWith('/');
    const body = pattern.replace(/\/$/, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
    return new RegExp(`^${body}${dir ? '(/.*)?' : ''}$`).test(path) || (!pattern.includes('/') && new RegExp(`(^|/)${body}$`).test(path));
  });
}

test('the Dockerfile passes the dockerfile-utils validator', () => {
  const diagnostics = validate(read('Dockerfile'));
  assert.deepEqual(diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}`), []);
});

test('the Dockerfile builds on Debian 12 and ships a small runtime stage', () => {
  const dockerfile = DockerfileParser.parse(read('Dockerfile'));
  const froms = dockerfile.getFROMs();
  assert.equal(froms.length, 2, 'a build stage and a runtime stage');
  const [build, runtime] = froms;
  assert.equal(build.getImageName(), 'debian');
  assert.equal(build.getImageTag(), '12');
  assert.equal(build.getBuildStage(), 'build');
  assert.equal(runtime.getImageName(), 'debian');
  assert.equal(runtime.getImageTag(), '12-slim');

  const instructions = dockerfile.getInstructions();
  const runtimeStart = instructions.indexOf(runtime);
  const buildStage = instructions.slice(0, runtimeStart);
  const runtimeStage = instructions.slice(runtimeStart);
  const text = (list, keyword) => list.filter((i) => i.getKeyword() === keyword).map((i) => i.getRawArgumentsContent());

  // The build stage installs what scripts/setup.sh installs (its build set) and builds the
  // binary and the web files.
  assert.ok(text(buildStage, 'RUN').some((r) => r.includes('scripts/setup.sh --build-only')));
  assert.match(read('scripts/setup.sh'), /--build-only/);
  const buildRun = text(buildStage, 'RUN').join('\n');
  assert.match(buildRun, /--target insightos insightos_web/);
  assert.match(read('backend/CMakeLists.txt'), /add_executable\(insightos /);
  assert.match(read('cmake/InsightosWasm.cmake'), /add_custom_target\(insightos_web /);

  // Every file the build copies from the context exists and is not excluded by .dockerignore.
  for (const copy of buildStage.filter((i) => i.getKeyword() === 'COPY')) {
    const args = copy.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
    for (const src of args.slice(0, -1)) {
      if (src === '.') continue;
      assert.ok(existsSync(join(source, src)), `COPY ${src}: no such file in the repository`);
      assert.ok(!dockerIgnored(src), `COPY ${src}: excluded by .dockerignore`);
    }
  }
  for (const excluded of ['build/bin/insightos', 'node_modules/esbuild', '.env', 'insightos-data/demo.db', '.git']) {
    assert.ok(dockerIgnored(excluded), `${excluded} should stay out of the build context`);
  }
  for (const kept of ['backend/CMakeLists.txt', 'shared/src/json_parser.cpp', 'sql/postgres/008_partitioned_events.sql']) {
    assert.ok(!dockerIgnored(kept), `${kept} is needed by the build`);
  }

  // The runtime stage: only the binary and the web files come from the build stage, a
  // numeric non-root user, the collector as the default command, no ENTRYPOINT to override.
  const copies = runtimeStage.filter((i) => i.getKeyword() === 'COPY');
  assert.ok(copies.every((c) => c.getFromFlag()?.getValue() === 'build'), 'the runtime stage copies only from the build stage');
  const copied = copies.map((c) => c.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--')).join(' '));
  assert.ok(copied.includes('/out/opt/insightos /opt/insightos'), copied.join('\n'));
  assert.match(buildRun, /install -s build\/bin\/insightos \/out\/opt\/insightos\/bin\/insightos/);
  assert.match(buildRun, /cp -r build\/web\/\. \/out\/opt\/insightos\/web\//);
  const user = text(runtimeStage, 'USER');
  assert.equal(user.length, 1);
  assert.match(user[0], /^[1-9][0-9]*(:[0-9]+)?$/, 'USER must be numeric and not 0');
  assert.deepEqual(text(runtimeStage, 'ENTRYPOINT'), []);
  const cmd = runtimeStage.find((i) => i.getKeyword() === 'CMD');
  const cmdArgs = JSON.parse(cmd.getRawArgumentsContent());
  assert.deepEqual(cmdArgs, ['insightos', 'serve', '--migrate']);
  assertCommandParses(cmdArgs, 'Dockerfile CMD');
  const env = text(runtimeStage, 'ENV').join(' ');
  assert.match(env, /INSIGHTOS_HOST=0\.0\.0\.0/, 'listens on all interfaces in a container');
  assert.match(env, /PORT=8080/);
  assert.deepEqual(text(runtimeStage, 'EXPOSE'), ['8080']);
  assert.match(env, /PATH=\/opt\/insightos\/bin:/);
  assert.ok(!text(runtimeStage, 'RUN').join('\n').match(/setup\.sh|build-essential|-dev\b/), 'no toolchain at run time');
});

test('the runtime package list can be derived from the binary on Debian 12', { skip: !existsSync('/usr/bin/dpkg') }, () => {
  // The build stage runs this very pipeline; here it runs against the binary built for the tests.
  const script = read('Dockerfile').match(/ldd build\/bin\/insightos[^]*?sort -u/)[0]
    .replace('build/bin/insightos', binary).replace(/\\\n/g, ' ');
  const packages = execFileSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8' }).trim().split('\n');
  for (const expected of ['libc6', 'libpq5', 'libsqlite3-0', 'libssl3']) {
    assert.ok(packages.includes(expected), `${expected} missing from ${packages.join(' ')}`);
  }
  assert.ok(packages.every((p) => /^[a-z0-9][a-z0-9.+-]+$/.test(p)), packages.join(' '));
  assert.ok(!packages.some((p) => p.endsWith('-dev')), 'runtime libraries only');
});

test('render.yaml: a web service and a cron for every job, from one Dockerfile', () => {
  const blueprint = YAML.parse(read('deploy/render.yaml'));
  const services = blueprint.services;
  const web = services.filter((s) => s.type === 'web');
  assert.equal(web.length, 1);
  assert.equal(web[0].healthCheckPath, '/healthz');
  assert.equal(web[0].runtime, 'docker');
  assertCommandParses(words(web[0].dockerCommand), 'render web service');
  const crons = services.filter((s) => s.type === 'cron');
  const scheduled = new Set();
  for (const cron of crons) {
    assert.equal(cron.runtime, 'docker', cron.name);
    assert.equal(cron.dockerfilePath, './Dockerfile', cron.name);
    assertCronSchedule(cron.schedule, cron.name);
    const args = words(cron.dockerCommand);
    assertCommandParses(args, cron.name);
    scheduled.add(jobOfCommand(args));
  }
  assert.deepEqual([...scheduled].sort(), [...kJobs].sort());
  // Every service that touches the database gets it from the managed PostgreSQL.
  const dbName = blueprint.databases[0].name;
  assert.equal(blueprint.databases[0].postgresMajorVersion, '15');
  for (const s of services) {
    const vars = s.envVars ?? [];
    const usesDb = !/jobs trigger/.test(s.dockerCommand);
    if (usesDb) {
      assert.ok(vars.some((v) => v.key === 'DATABASE_URL' && v.fromDatabase?.name === dbName), `${s.name}: DATABASE_URL`);
    }
    assert.ok(vars.some((v) => v.fromGroup === 'insightos'), `${s.name}: the shared settings`);
  }
});

test('Kubernetes: a collector Deployment and Service, a CronJob for every job', () => {
  const docs = YAML.parseAllDocuments(read('deploy/kubernetes/insightos.yaml')).map((d) => d.toJS());
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const [deployment] = byKind('Deployment');
  const container = deployment.spec.template.spec.containers[0];
  assertCommandParses(container.command, 'Deployment');
  assert.equal(container.readinessProbe.httpGet.path, '/healthz');
  const configMap = byKind('ConfigMap')[0].data;
  assert.equal(String(container.ports[0].containerPort), configMap.PORT);
  assert.equal(configMap.INSIGHTOS_HOST, '0.0.0.0');
  const [service] = byKind('Service');
  assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
  assert.match(configMap.INSIGHTOS_COLLECTOR_URL, new RegExp(`^http://${service.metadata.name}:${service.spec.ports[0].port}$`));
  const secret = byKind('Secret')[0].stringData;
  for (const key of ['DATABASE_URL', 'INSIGHTOS_WRITE_KEYS', 'INSIGHTOS_ADMIN_TOKEN']) assert.ok(key in secret, key);

  const scheduled = new Set();
  for (const cron of byKind('CronJob')) {
    assertCronSchedule(cron.spec.schedule, cron.metadata.name);
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid', cron.metadata.name);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    assert.equal(pod.restartPolicy, 'Never');
    assertCommandParses(pod.containers[0].command, cron.metadata.name);
    scheduled.add(jobOfCommand(pod.containers[0].command));
  }
  assert.deepEqual([...scheduled].sort(), [...kJobs].sort());
});

const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));

test('systemd: the units verify and every job has a timer', { skip: !systemdAnalyze && 'systemd-analyze is not installed' }, () => {
  const dir = join(source, 'deploy/systemd');
  const scratch = mkdtempSync(join(tmpdir(), 'insightos-units-'));
  try {
    const units = readdirSync(dir).filter((f) => f.endsWith('.service') || f.endsWith('.timer'));
    // The units name the installed path; verify them against the binary just built.
    for (const unit of units) {
      writeFileSync(join(scratch, unit), readFileSync(join(dir, unit), 'utf8').replaceAll('/opt/insightos/bin/insightos', binary));
    }
    const verify = spawnSync(systemdAnalyze, ['verify', ...units.map((u) => join(scratch, u))], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal((verify.stdout + verify.stderr).trim(), '', 'systemd-analyze had remarks');
    const timers = units.filter((u) => u.endsWith('.timer'));
    const jobs = new Set();
    for (const timer of timers) {
      const body = readFileSync(join(dir, timer), 'utf8');
      const calendar = body.match(/^OnCalendar=(.+)$/m)[1];
      const check = spawnSync(systemdAnalyze, ['calendar', calendar], { encoding: 'utf8' });
      assert.equal(check.status, 0, `${timer}: ${check.stderr}`);
      jobs.add(body.match(/^Unit=insightos-job@(.+)\.service$/m)[1]);
    }
    assert.deepEqual([...jobs].sort(), [...kJobs].sort());
    const template = readFileSync(join(dir, 'insightos-job@.service'), 'utf8');
    assertCommandParses(template.match(/^ExecStart=\/opt\/insightos\/bin\/(insightos .*)$/m)[1].replace('%i', 'score').split(' '),
                        'insightos-job@.service');
    assertCommandParses(readFileSync(join(dir, 'insightos.service'), 'utf8').match(/^ExecStart=\/opt\/insightos\/bin\/(insightos .*)$/m)[1].split(' '),
                        'insightos.service');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('every setting the deploy files use is documented in .env.example', () => {
  const documented = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  const used = new Set();
  for (const file of ['deploy/render.yaml', 'deploy/kubernetes/insightos.yaml', 'Dockerfile']) {
    for (const m of read(file).matchAll(/\b(DATABASE_URL|PORT|INSIGHTOS_[A-Z_]+)\b/g)) used.add(m[1]);
  }
  const missing = [...used].filter((name) => !documented.has(name));
  assert.deepEqual(missing, []);
});

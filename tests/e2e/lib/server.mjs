// Starts a fahrplan binary on a free port with a fresh data dir, and reads its sample routes.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The binary under test: FAHRPLAN_BIN, else the workspace's debug build. */
export function binary() {
  const bin = process.env.FAHRPLAN_BIN ?? resolve(import.meta.dirname, '../../../target/debug/fahrplan');
  if (!existsSync(bin)) {
    throw new Error(`no fahrplan binary at ${bin}: run \`cargo build -p fahrplan\` or set FAHRPLAN_BIN`);
  }
  return bin;
}

/** The environment without operator settings that would point the binary elsewhere. */
function cleanEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('FAHRPLAN_')) delete env[k];
  return { ...env, ...extra };
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitReady(base, child, log) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`fahrplan exited with ${child.exitCode}:\n${log()}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fahrplan did not become ready at ${base}:\n${log()}`);
}

/**
 * A running server. `env` adds variables (FAHRPLAN_HSTS, ...); `dataDir` reuses a data dir.
 * Returns { base, dataDir, stop() }.
 */
export async function startServer({ env = {}, dataDir, documents } = {}) {
  const bin = binary();
  const own = !dataDir;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'fahrplan-e2e-'));
  if (documents) {
    // Imported documents have their own page template; a small file puts one in the database.
    execFileSync(bin, ['--data-dir', dir, 'import', 'documents', documents], { env: cleanEnv({}), stdio: 'ignore' });
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(bin, ['--data-dir', dir, 'serve', '--addr', `127.0.0.1:${port}`], {
    // Rate limits are proven by the HTTP tests; the gates submit every form many times over.
    env: cleanEnv({ FAHRPLAN_BASE_URL: base, FAHRPLAN_RATE_LIMITS: 'off', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  await waitReady(base, child, () => output);
  return {
    base,
    dataDir: dir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (own) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `fahrplan routes --samples` as [{ path, label }]. */
export function sampleRoutes(dataDir) {
  const out = execFileSync(binary(), ['--data-dir', dataDir, 'routes', '--samples'], {
    env: cleanEnv({}),
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [path, label] = l.split('\t');
      if (!path.startsWith('/') || !label) throw new Error(`bad sample line: ${JSON.stringify(l)}`);
      return { path, label };
    });
}

/** Creates a confirmed account on the command line (`fahrplan admin create-user`), as an operator would. */
/** Grants a further role with `fahrplan admin grant` (the account's sessions end). */
export function grantRole(dataDir, email, role) {
  execFileSync(binary(), ['--data-dir', dataDir, 'admin', 'grant', email, role], { env: cleanEnv({}), stdio: ['ignore', 'ignore', 'inherit'] });
}

export function createUser(dataDir, { email, name, role, password, departments = [] }) {
  const scope = departments.flatMap((d) => ['--department', d]);
  execFileSync(binary(), ['--data-dir', dataDir, 'admin', 'create-user', '--email', email, '--display-name', name,
    '--role', role, ...scope, '--password-stdin'], { env: cleanEnv({}), input: `${password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
}

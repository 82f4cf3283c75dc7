// Builds the page and the real linkchart binary, and starts `linkchart
// serve` on a free port with a temporary embedded database.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
export const FRONTEND = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.join(FRONTEND, '..');

// The binary must use the embedded store whatever the environment says.
export function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('NEO4J_')) delete env[k];
  return env;
}

let built = null;
// buildBinary bundles the page (so that go:embed picks it up) and builds
// the binary once per test process.
export function buildBinary() {
  if (!built) {
    built = (async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'linkchart-bin-'));
      const bin = path.join(dir, 'linkchart');
      await run(process.execPath, [path.join(FRONTEND, 'build.mjs')], { cwd: FRONTEND });
      await run('go', ['build', '-o', bin, './cmd/linkchart'], { cwd: REPO, env: cleanEnv(), maxBuffer: 1 << 24 });
      return bin;
    })();
  }
  return built;
}

export async function linkchart(args, { env } = {}) {
  const bin = await buildBinary();
  return run(bin, args, { env: cleanEnv(env), maxBuffer: 1 << 24 });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// startServer runs `linkchart serve` and waits for /readyz. dbDir: reuse a
// database directory (prepared with `linkchart import`), else a fresh one.
export async function startServer(opts = {}) {
  return startServerWith(await buildBinary(), opts);
}

// startServerWith: the same with a given binary (the page benchmark runs
// two builds side by side).
export async function startServerWith(bin, { args = [], env = {}, dbDir = null } = {}) {
  const dir = dbDir || await mkdtemp(path.join(os.tmpdir(), 'linkchart-db-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--db', path.join(dir, 'x.db'), ...args], {
    env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', d => { log += d; });
  child.stderr.on('data', d => { log += d; });
  let exited = null;
  child.on('exit', code => { exited = code; });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== null) throw new Error(`linkchart serve exited (${exited}):\n${log}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`linkchart serve not ready in 90 s:\n${log}`); }
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url, dir, log: () => log,
    async stop() {
      if (exited === null) {
        const gone = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(t);
      }
      if (!dbDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function api(base, method, p, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(base + '/api/v1' + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
  return json;
}

// pretest: the e2e tests drive Debian's Chromium. Install it when it is
// missing and we are root (as in CI); never download a browser of our own.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(path)) {
  if (process.getuid && process.getuid() === 0) {
    console.log('installing Debian chromium for the e2e tests');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  } else {
    console.error(`${path} is missing: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH)`);
    process.exit(1);
  }
}

// npm test needs a real Chromium for the end-to-end tests: say so in one line when it is missing.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`Chromium not found at ${path}: install it with "apt-get update && apt-get install -y chromium fonts-noto-cjk" (or set CHROMIUM_PATH).`);
  process.exit(1);
}

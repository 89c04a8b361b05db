#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS launcher, run without a build step */
// The `claude-run` command: loads the built CLI bundle (npm run build makes it).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write(
    'error: claude-run is not built.\n  Run `npm run build` in ' +
      join(__dirname, '..') +
      ' first.\n',
  );
  process.exit(1);
}
require(bundle);

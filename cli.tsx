#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=20
import module from 'node:module';

// The flags above are read at start-up, before any heap exists (README, Performance): a young
// generation of at most 2 MB a half, and an old one grown 20% past what a full collection
// keeps, bring a close of 10,000 sessions from 357 to about 150 MB on Node 24. Node's own defaults
// let a close's garbage pile up to 200-350 MB before collecting it.

// This file loads on any Node.js, so that an old one gets a clear line rather than a syntax
// error from a dependency: everything else is imported only once the version is known good.
const minimumMajor = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < minimumMajor) {
	process.stderr.write(
		`frame-tui: needs Node.js ${minimumMajor} or newer, and this is ${process.version}; install a current Node.js (https://nodejs.org)\n`,
	);
	process.exit(2);
}

// Compiled code is cached on disk (Node 22.1+), so later starts skip most of the parsing.
module.enableCompileCache?.();
// React's development build is several times slower and heavier; ship the production one.
process.env.NODE_ENV ??= 'production';
// Under CI=true chalk, which Ink draws with, turns off every style, inverse included, even on a
// terminal. The app only ever runs on one, so there the terminal decides, as without CI.
if ('CI' in process.env && process.stdout.isTTY && process.env.FORCE_COLOR === undefined) {
	process.env.FORCE_COLOR = '1';
}
await import('./source/cli/main.js');

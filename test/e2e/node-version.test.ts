import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {delimiter, dirname} from 'node:path';
import {test} from 'node:test';

/** A Node.js older than 22 on this machine, outside the project (the system one here), if any. */
function olderNode(): string | undefined {
	const found = spawnSync('which', ['-a', 'node'], {encoding: 'utf8'}).stdout.split('\n');
	return found.find((path) => {
		if (path === '' || path.includes('node_modules')) {
			return false;
		}

		const version = execFileSync(path, ['--version'], {encoding: 'utf8'});
		return Number(version.replace(/^v/, '').split('.')[0]) < 22;
	});
}

test('on a Node.js older than 22 the program says what it needs in one line, and exits 2', (t) => {
	const node = olderNode();
	if (!node) {
		t.skip('no Node.js older than 22 on this machine');
		return;
	}

	const run = spawnSync(node, ['dist/cli.js', 'accounts'], {encoding: 'utf8'});
	assert.equal(run.status, 2);
	assert.equal(run.stdout, '');
	assert.match(
		run.stderr,
		/^frame-tui: needs Node\.js 22 or newer, and this is v\d+\.\d+\.\d+; install a current Node\.js \(https:\/\/nodejs\.org\)\n$/,
	);
});

test('the bin starts through its own first line, as a shell runs `frame-tui`', () => {
	const bin = 'dist/cli.js';
	const [first] = readFileSync(bin, 'utf8').split('\n');
	// The memory flags (README, Performance) are on the line a shell reads, not set after start.
	assert.match(first ?? '', /^#!\/usr\/bin\/env -S node .*--max-semi-space-size=2/);
	const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
	const run = spawnSync(bin, ['--version'], {encoding: 'utf8', env: {...process.env, PATH: path}});
	assert.equal(run.stderr, '');
	assert.equal(run.status, 0);
	assert.equal(run.stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
});

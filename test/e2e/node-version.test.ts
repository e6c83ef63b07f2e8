import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
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

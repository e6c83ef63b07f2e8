import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {parse} from 'csv-parse/sync';
import {exportCsv} from '../../source/ui/export-csv.js';

const fields = [{header: 'user', value: (row: {user: string}) => row.user}];

function folder(t: {after: (fn: () => void) => void}): string {
	const made = mkdtempSync(join(tmpdir(), 'frame-tui-export-'));
	t.after(() => rmSync(made, {recursive: true, force: true}));
	return made;
}

test('an export never replaces a file or follows a link at its name: it takes the next name', (t) => {
	const dir = folder(t);
	const now = new Date(2026, 11, 3, 17, 5, 1);
	const write = () =>
		exportCsv({
			folder: dir,
			what: 'sessions',
			name: 'Tradeshow Demo',
			now,
			fields,
			rows: [{user: 'ana'}],
		});
	const first = write();
	assert.equal(first, join(dir, 'frame-tui-sessions-tradeshow-demo-20261203-170501.csv'));
	// Someone plants a link where the next export would go.
	const target = join(dir, 'target.txt');
	writeFileSync(target, 'keep me');
	symlinkSync(target, join(dir, 'frame-tui-sessions-tradeshow-demo-20261203-170501-2.csv'));
	const second = write();
	assert.equal(second, join(dir, 'frame-tui-sessions-tradeshow-demo-20261203-170501-3.csv'));
	assert.equal(readFileSync(target, 'utf8'), 'keep me');
	assert.deepEqual(parse(readFileSync(second, 'utf8')), [['user'], ['ana']]);
});

test('a hostile name makes a plain file name in the folder, and the cells stay exact', (t) => {
	const dir = folder(t);
	const user = '=cmd\u001B]0;x\u0007';
	const path = exportCsv({
		folder: dir,
		what: 'sessions',
		name: '../Éclair\u001B]0;pwned\u0007 Lab',
		now: new Date(2026, 0, 2, 3, 4, 5),
		fields,
		rows: [{user}],
	});
	assert.deepEqual(readdirSync(dir), ['frame-tui-sessions-eclair-0-pwned-lab-20260102-030405.csv']);
	assert.equal(path, join(dir, 'frame-tui-sessions-eclair-0-pwned-lab-20260102-030405.csv'));
	assert.deepEqual(parse(readFileSync(path, 'utf8')), [['user'], [`'${user}`]]);
});

test('a folder that cannot take the file is an error, and no file is left', (t) => {
	const dir = folder(t);
	assert.throws(
		() =>
			exportCsv({
				folder: join(dir, 'missing'),
				what: 'close',
				name: 'x',
				now: new Date(),
				fields,
				rows: [],
			}),
		/ENOENT/,
	);
	assert.deepEqual(readdirSync(dir), []);
});

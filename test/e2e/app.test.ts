import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {demoSimulatorOptions} from '../../source/simulator/demo.js';
import {startSimulator} from '../../source/simulator/server.js';
import {cliEnvironment} from '../helpers/cli.js';
import {
	openFirstAccountSessions,
	startTerminal,
	type TerminalSession,
} from '../helpers/terminal.js';

const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
if (!existsSync(built)) {
	throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
}

const keys = {enter: '\r', down: '\u001B[B', up: '\u001B[A', ctrlC: '\u0003'};

/** The built program in demo mode, in a terminal of this size. */
function demo(
	t: {after: (fn: () => void) => void},
	columns: number,
	rows: number,
	env = cliEnvironment(),
) {
	const session = startTerminal([built], {columns, rows, env});
	t.after(() => session.kill());
	return session;
}

/** Screen rows that are session rows of the table: the cursor mark, then a checkbox. */
const sessionRows = (session: TerminalSession) =>
	session.screen().filter((line) => /^[ ›]\[[ x]\] /.test(line));

test('in a real terminal: the demo opens, p x y closes the production sessions to 100 %, q leaves', async (t) => {
	const twin = await startSimulator(demoSimulatorOptions);
	const [account] = twin.accounts();
	const kindOf = new Map(
		twin.pools(account?.id ?? '').map((pool) => [pool.external_id, pool.kind]),
	);
	const production = twin
		.activeSessions(account?.id ?? '')
		.filter((s) => kindOf.get(s.pool_id ?? '') === 'production');
	await twin.close();

	const session = demo(t, 100, 30);
	await session.waitForScreen(/^ frame-tui │ DEMO │ Accounts +refreshed \d\d:\d\d:\d\d $/m);
	assert.equal(session.buffer(), 'alternate');
	assert.match(session.screen()[1] ?? '', /^ {2}Name +Id +Active Last publish/);
	await openFirstAccountSessions(session, 120);
	session.type('p');
	await session.waitForScreen(`${production.length} selected · 120 sessions`);
	session.type('x');
	await session.waitForScreen(
		new RegExp(
			`Close ${production.length} sessions of \\d+ users in 2 production pools of ${account?.name}\\?`,
		),
	);
	assert.match(session.screen().join('\n'), /Air 8GB \(production\) \d+, /);
	session.type('y');
	await session.waitForScreen(
		new RegExp(
			`^Overall +█+ ${production.length}/${production.length} {2}${production.length} closed`,
			'm',
		),
	);
	await session.waitForScreen(`Finished in`);
	assert.match(
		session.screen().join('\n'),
		new RegExp(`${production.length} closed, 0 already closed, 0 failed`),
	);
	session.type(keys.enter);
	await session.waitForScreen(`0 selected · ${120 - production.length} sessions`);
	assert.ok(
		sessionRows(session).every((line) => !/\(production\)/.test(line)),
		'the closed ones are gone',
	);
	session.type('q');
	assert.equal(await session.exited, 0);
	assert.equal(session.buffer(), 'normal', 'the alternate screen is left');
	assert.ok(session.cursorVisible(), 'the cursor is shown again');
});

test('keys that arrive together act in order (↓ ↑ Enter opens the row the cursor is on)', async (t) => {
	const session = demo(t, 100, 30);
	await session.waitForScreen('❯ Tradeshow Demo');
	session.type(keys.enter);
	await session.waitForScreen('❯ All pools');
	session.type(`${keys.down}${keys.down}${keys.up}${keys.enter}`);
	await session.waitForScreen('Accounts › Tradeshow Demo › Pools › Air 8GB');
	// A lone Esc and an arrow in one chunk read as Alt+↓ (\x1b\x1b[B) in every terminal, so Esc goes alone.
	await session.waitForScreen(/^›\[ \]/m);
	session.type('\u001B');
	await session.waitForScreen('❯ Air 8GB');
	session.type(`${keys.down}${keys.enter}`);
	await session.waitForScreen(/Pools › Pro 16GB GPU|Pools › All pools|Pools › Test/);
	assert.match(session.screen()[0] ?? '', /Pools › Pro 16GB GPU/);
	session.type('q');
	assert.equal(await session.exited, 0);
});

test('Ctrl-C quits with 130 and SIGTERM with 143, both restoring the terminal', async (t) => {
	const interrupted = demo(t, 100, 30);
	await interrupted.waitForScreen('❯ Tradeshow Demo');
	interrupted.type(keys.ctrlC);
	assert.equal(await interrupted.exited, 130);
	assert.equal(interrupted.buffer(), 'normal');
	assert.ok(interrupted.cursorVisible());

	const terminated = demo(t, 100, 30);
	await terminated.waitForScreen('❯ Tradeshow Demo');
	terminated.kill('SIGTERM');
	assert.equal(await terminated.exited, 143);
	assert.equal(terminated.buffer(), 'normal');
	assert.ok(terminated.cursorVisible());
});

test('a window below 60×15 says so, and the layout follows a resize', async (t) => {
	const session = demo(t, 50, 12);
	await session.waitForScreen('frame-tui needs 60×15;\nthis one is 50×12.');
	session.resize(100, 30);
	await session.waitForScreen('❯ Tradeshow Demo');
	session.resize(120, 30);
	await session.waitForScreen(/^ frame-tui │ DEMO │ Accounts {60,}refreshed \d\d:\d\d:\d\d\s*$/m);
	assert.equal(session.screen()[0]?.trimEnd().length, 119);

	session.type('q');
	assert.equal(await session.exited, 0);
});

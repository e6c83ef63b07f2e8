import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {demoSimulatorOptions} from '../../source/simulator/demo.js';
import {startSimulator} from '../../source/simulator/server.js';
import {cliEnvironment, runCli, simulatorEnvironment, waitFor} from '../helpers/cli.js';
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

for (const [columns, rows] of [
	[100, 30],
	[80, 24],
	[60, 15],
	[200, 50],
] as const) {
	test(`at ${columns}×${rows} every row fits one line, keeps its pool's kind whole and its id distinct; the footer shows ? and q`, async (t) => {
		const session = demo(t, columns, rows);
		await openFirstAccountSessions(session, 120);
		const screen = session.screen();
		const table = sessionRows(session);
		// Rows: one kept free, the header, the table's header, the status line, the footer.
		assert.equal(table.length, rows - 5);
		const first = screen.findIndex((line) => table.includes(line));
		assert.deepEqual(
			screen.slice(first, first + table.length),
			table,
			'no row wraps onto a second line',
		);
		assert.match(screen[first + table.length] ?? '', /^0 selected · 120 sessions · sort: started/);
		// The account's name whole; the fixed labels give way first.
		assert.match(
			screen[0] ?? '',
			/^ (frame-tui │ )?DEMO │ (Accounts › )?Tradeshow Demo › .*All pools /,
		);
		const footer = screen[first + table.length + 1] ?? '';
		assert.match(footer, /\? help {1,2}q quit\s*$/, footer);
		// The main action keeps its word longest.
		assert.match(footer, / x(\/Del)? close /, footer);
		assert.doesNotMatch(footer, /…/);
		assert.equal(screen.at(-1), '', 'the last row stays free');
		const ids = table.map((line) => line.split(' ').at(-1) ?? '');
		assert.equal(new Set(ids).size, table.length, `distinct ids:\n${ids.join('\n')}`);
		for (const line of table) {
			assert.match(line, /\((production|test|sandbox)\) /, line);
			assert.match(line, columns >= 100 ? /gateway-prod\.\w{16}$/ : /…\w{16}$/, line);
		}

		// The kind of a production pool is drawn in its own colour (bright blue), not closed's green.
		assert.match(session.raw(), new RegExp(`${String.fromCharCode(27)}\\[94m\\(production\\)`));
		session.type('q');
		assert.equal(await session.exited, 0);
	});
}

test('at 60×15 the account name, the pool names and the ids that differ stay readable', async (t) => {
	const session = demo(t, 60, 15);
	await session.waitForScreen('❯ Tradeshow Demo');
	/** The last word of each row of a select table: its id, or its count on the pools screen. */
	const idsOn = (pattern: RegExp) =>
		session
			.screen()
			.filter((line) => pattern.test(line))
			.map((line) => line.match(/ (…?[\w.]+) +\S+ *$/)?.[1] ?? line);
	const accountRow = /^[❯ ] \S.* (yes|no|—) /;
	// A frame can reach the terminal in more than one chunk: wait for all four rows, not the first.
	await waitFor(
		() => idsOn(accountRow).length === 4,
		() => `four accounts on screen:\n${session.screen().join('\n')}`,
	);
	const accounts = idsOn(accountRow);
	assert.equal(new Set(accounts).size, 4, `distinct account ids: ${accounts.join(' ')}`);
	session.type(keys.enter);
	await session.waitForScreen('❯ All pools');
	assert.match(session.screen()[0] ?? '', / Tradeshow Demo › Pools /);
	const poolRow = /^ {2}\S.* (production|test|sandbox) /;
	await waitFor(
		() => idsOn(poolRow).length === 4,
		() => `four pools on screen:\n${session.screen().join('\n')}`,
	);
	const pools = idsOn(poolRow);
	assert.equal(new Set(pools).size, 4, `distinct pool ids: ${pools.join(' ')}`);
	session.type(keys.enter);
	await session.waitForScreen(/^ DEMO │ Tradeshow Demo › Pools › All pools /m);
	// The pool's name is not cut to a letter: "Air 8GB" whole, "Pro 16…".
	await session.waitForScreen(/Air 8GB \(production\)/);
	await session.waitForScreen(/Pro 16… \(production\)/);
	session.type('q');
	assert.equal(await session.exited, 0);
});

test("--account with a console URL opens the app on that account's pools; Esc goes to the accounts", async (t) => {
	const sim = await startSimulator({accounts: 2, sessions: 10});
	t.after(() => sim.close());
	const [, second] = sim.accounts();
	assert.ok(second);
	const session = startTerminal(
		[built, '--account', `https://frame.nutanix.com/frame/account/${second.id}/basic-info`],
		{columns: 100, rows: 30, env: cliEnvironment(simulatorEnvironment(sim))},
	);
	t.after(() => session.kill());
	await session.waitForScreen(`Accounts › ${second.name} › Pools`);
	await session.waitForScreen('❯ All pools');
	session.type('\u001B');
	await session.waitForScreen(`❯ ${sim.accounts()[0]?.name}`);
	session.type('q');
	assert.equal(await session.exited, 0);
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

test('typed keys that arrive in one write each land: jj moves two rows, /smith⏎ keeps the filter and the next j moves', async (t) => {
	const session = demo(t, 80, 24);
	await session.waitForScreen('❯ Tradeshow Demo');
	session.type(keys.enter);
	await session.waitForScreen('❯ All pools');
	session.type(keys.enter);
	await session.waitForScreen(/ 1\/120$/m);
	session.type('jj');
	await session.waitForScreen(/ 3\/120$/m);
	// The third row's session is a smith: the filter keeps the cursor on it, now the third of 12.
	session.type('/smith\r');
	await session.waitForScreen(/ · filter: smith · sort: started +3\/12$/m);
	session.type('j');
	await session.waitForScreen(/ · filter: smith · sort: started +4\/12$/m);
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

test('NO_COLOR removes colour but keeps the cursor row visible', async (t) => {
	const coloured = demo(t, 100, 30);
	await openFirstAccountSessions(coloured, 120);
	coloured.type('q');
	await coloured.exited;
	// SGR with a foreground colour: 30–37, 90–97, or 38;5;n / 38;2;r;g;b.
	const sgrColour = new RegExp(
		`${String.fromCharCode(27)}\\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m`,
	);

	assert.match(coloured.raw(), sgrColour);

	const plain = demo(t, 100, 30, cliEnvironment({NO_COLOR: '1'}));
	await openFirstAccountSessions(plain, 120);
	assert.ok(sessionRows(plain).some((line) => line.startsWith('›')));
	plain.type('q');
	await plain.exited;
	assert.doesNotMatch(plain.raw(), sgrColour);
});

test('without a terminal, plain frame-tui says so and exits 2', async () => {
	const run = await runCli([], cliEnvironment());
	assert.equal(run.code, 2);
	assert.equal(
		run.stderr,
		'frame-tui: the full-screen app needs a terminal on stdin and stdout; for scripts use frame-tui accounts, pools, sessions or close (see --help)\n',
	);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment, waitFor} from '../helpers/cli.js';
import {
	endInProcess,
	type InProcessSession,
	startInProcess,
} from '../helpers/in-process-terminal.js';
import {openFirstAccountSessions} from '../helpers/terminal.js';

// The app's screens, run through runCli in this process on a terminal emulator: what a real
// process and pty add (start-up, signals, reads) is tested in app.test.ts.

const keys = {enter: '\r'};
const time = String.raw`\d\d:\d\d:\d\d`;

/** The app in demo mode, in a terminal of this size. */
function demo(
	t: {after: (fn: () => Promise<void>) => void},
	columns: number,
	rows: number,
	env: Record<string, string> = {},
) {
	const session = startInProcess([], {columns, rows, env});
	t.after(() => endInProcess(session));
	return session;
}

/** Screen rows that are session rows of the table: the cursor mark, then a checkbox. */
const sessionRows = (session: InProcessSession) =>
	session.screen().filter((line) => /^[ ›]\[[ x]\] /.test(line));

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
	const session = startInProcess(
		['--account', `https://frame.nutanix.com/frame/account/${second.id}/basic-info`],
		{columns: 100, rows: 30, env: simulatorEnvironment(sim)},
	);
	t.after(() => endInProcess(session));
	await session.waitForScreen(`Accounts › ${second.name} › Pools`);
	await session.waitForScreen('❯ All pools');
	session.type('\u001B');
	await session.waitForScreen(`❯ ${sim.accounts()[0]?.name}`);
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

	const plain = demo(t, 100, 30, {NO_COLOR: '1'});
	await openFirstAccountSessions(plain, 120);
	assert.ok(sessionRows(plain).some((line) => line.startsWith('›')));
	plain.type('q');
	await plain.exited;
	assert.doesNotMatch(plain.raw(), sgrColour);
});

test('without a terminal, plain frame-tui says so and exits 2', async () => {
	const run = await runInProcess([]);
	assert.equal(run.code, 2);
	assert.equal(
		run.stderr,
		'frame-tui: the full-screen app needs a terminal on stdin and stdout; for scripts use frame-tui accounts, pools, sessions or close (see --help)\n',
	);
});

test('--read-only and --refresh reach the app: a badge, no close, a refresh each second', async (t) => {
	// Demo mode, since the environment has no credentials.
	const session = startInProcess(['--read-only', '--refresh', '1'], {columns: 100, rows: 30});
	t.after(() => endInProcess(session));
	await session.waitForScreen(/^ frame-tui │ DEMO │ Accounts .* READ-ONLY +refreshed /m);
	await session.waitForScreen('❯ ');
	session.type('\r');
	await session.waitForScreen('❯ All pools');
	session.type('\r');
	await session.waitForScreen(/^0 selected · \d+ sessions/m);

	// With no key pressed the sessions load again within about a second, not the default ten.
	const refreshed = () => /refreshed (\d\d:\d\d:\d\d)/.exec(session.screen()[0] ?? '')?.[1];
	const loaded = refreshed();
	assert.ok(loaded, session.screen()[0]);
	await session.waitForScreen(new RegExp(`refreshed (?!${loaded})\\d\\d:\\d\\d:\\d\\d`), 5000);

	session.type('p');
	await session.waitForScreen(/^[1-9]\d* selected/m);
	session.type('x');
	await session.waitForScreen(/Read-only: \w+ is disabled/);
	assert.doesNotMatch(session.screen().join('\n'), /Close \d+ session/);
	session.type('q');
	assert.equal(await session.exited, 0);
});

test('at 80×24: with the API gone, r says it retries, then why it failed, on one line; the rows stay', async (t) => {
	const sim = await startSimulator({accounts: 3});
	const names = sim.accounts().map((account) => account.name);
	const session = startInProcess([], {columns: 80, rows: 24, env: simulatorEnvironment(sim)});
	t.after(() => endInProcess(session));
	await session.waitForScreen(`❯ ${names[0]}`);
	await session.waitForScreen(new RegExp(`refreshed ${time}`));
	const lastGood = new RegExp(`refreshed (${time})`).exec(session.screen()[0] ?? '')?.[1];
	assert.ok(lastGood);

	// The API goes away: every connection is refused.
	await sim.close();
	session.type('r');
	await session.waitForScreen(/^retrying… [2-5]\/5 \(network\) · last good /m);
	await session.waitForScreen(new RegExp(`^refresh failed: .* · next try ${time}$`, 'm'));
	const screen = session.screen();
	const line = screen.find((row) => row.startsWith('refresh failed: ')) ?? '';
	// The whole line on its one row: the reason, cut to fit, then the times, whole.
	assert.match(
		line,
		new RegExp(`^refresh failed: network error.* · last good ${lastGood} · next try ${time}$`),
	);
	assert.ok(line.length <= 80);
	assert.match(screen[0] ?? '', new RegExp(`last good ${lastGood} *$`));
	for (const name of names) {
		assert.ok(
			screen.some((row) => row.includes(name)),
			`${name} is still listed`,
		);
	}

	// The keys are still at the bottom, under the failure.
	assert.match(screen[screen.indexOf(line) + 1] ?? '', /^ ↑↓ move .*q quit/);
	session.type('q');
	assert.equal(await session.exited, 0);
});

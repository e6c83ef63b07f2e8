import assert from 'node:assert/strict';
import type {TestContext} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import type {ClientOptions} from '../../source/api/client.js';
import type {Auditor} from '../../source/audit/events.js';
import {sanitize} from '../../source/format/sanitize.js';
import type {SimulatorOptions} from '../../source/simulator/server.js';
import {App, type AppProps} from '../../source/ui/app.js';
import {AuditProvider} from '../../source/ui/close/audit-context.js';
import {CloseRunsProvider, createCloseRuns} from '../../source/ui/close/close-runs.js';
import {palette, ThemeContext} from '../../source/ui/theme.js';
import {waitFor} from './cli.js';
import {render} from './ink.js';
import {simulatorWithClient} from './simulator.js';

/** How long Ink's input parser holds a lone Esc before it hands it over (ink/build/components/App.js). */
const inkEscapeWindowMs = 20;

/** Keys as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	left: '\u001B[D',
	pageDown: '\u001B[6~',
	end: '\u001B[F',
	home: '\u001B[H',
	enter: '\r',
	escape: '\u001B',
	backspace: '\u007F',
	delete: '\u001B[3~',
	space: ' ',
	ctrlC: '\u0003',
} as const;

/**
 * The app rendered with ink-testing-library, talking to a simulator over HTTP; its closes write
 * the audit log through the auditor made by `audit` from the simulator, when one is given.
 */
export async function renderApp(
	t: TestContext,
	simulatorOptions: SimulatorOptions = {},
	appProps: Partial<AppProps> = {},
	clientOptions: Partial<ClientOptions> = {},
	audit?: (sim: Awaited<ReturnType<typeof simulatorWithClient>>['sim']) => Auditor,
) {
	const {sim, client, accountId} = await simulatorWithClient(t, simulatorOptions, clientOptions);
	const view = renderAppWith(t, {client, ...appProps}, audit?.(sim));
	return {sim, client, accountId, ...view};
}

/** The app rendered with these props (a client given), and how to drive it by keys and wait for frames. */
export function renderAppWith(
	t: TestContext,
	props: Partial<AppProps> & Pick<AppProps, 'client'>,
	auditor?: Auditor,
) {
	const tree = (
		<ThemeContext.Provider value={palette(false)}>
			<AuditProvider value={auditor}>
				{/* A registry of its own, as runApp gives the app: no run of an earlier test leaks in. */}
				<CloseRunsProvider value={createCloseRuns()}>
					<App connection="TEST" refreshSeconds={0} readOnly={false} concurrency={8} {...props} />
				</CloseRunsProvider>
			</AuditProvider>
		</ThemeContext.Provider>
	);
	const view = render(tree);
	t.after(() => view.unmount());
	const frame = () => stripVTControlCharacters(view.lastFrame() ?? '');
	/** Waits for the frame that shows the text or matches the pattern (never a fixed sleep). */
	const waitForFrame = async (expected: string | RegExp) => {
		await waitFor(
			() => (typeof expected === 'string' ? frame().includes(expected) : expected.test(frame())),
			() => `a frame showing ${String(expected)}; the last one:\n${frame()}`,
		);
	};

	const shows = (text: string, expected: string | RegExp) =>
		typeof expected === 'string' ? text.includes(expected) : expected.test(text);

	/**
	 * Presses a key, then waits for the frame that shows its effect. A frame that already shows
	 * it before the key is a mistake in the test: the wait would pass whatever the key did.
	 */
	const press = async (key: string, expected: string | RegExp) => {
		const before = frame();
		if (shows(before, expected)) {
			throw new Error(
				`press(${JSON.stringify(key)}): the screen shows ${String(expected)} before the key, so the wait cannot tell what the key did; the screen:\n${before}`,
			);
		}

		view.stdin.write(key);
		await waitForFrame(expected);
	};

	/**
	 * Presses a key, then waits for the frame that no longer shows what the screen showed before
	 * it (a question answered, a notice cleared): a screen that does not show it before is a
	 * mistake in the test.
	 */
	const pressHides = async (key: string, shown: string | RegExp) => {
		const before = frame();
		if (!shows(before, shown)) {
			throw new Error(
				`pressHides(${JSON.stringify(key)}): the screen does not show ${String(shown)} before the key; the screen:\n${before}`,
			);
		}

		view.stdin.write(key);
		await waitFor(
			() => !shows(frame(), shown),
			() => `a frame without ${String(shown)}; the last one:\n${frame()}`,
		);
	};

	/**
	 * Presses a key that must change nothing on screen: once the app has taken it (a few turns of
	 * the event loop, in which Ink reads it, React commits and Ink draws), the frame is as before.
	 * A lone Esc is held by Ink's input parser for 20 ms, in case it begins a longer sequence;
	 * that window is waited out, as there is nothing on screen to wait for.
	 */
	const pressNoChange = async (key: string) => {
		const before = frame();
		view.stdin.write(key);
		if (key === keys.escape) {
			await new Promise((resolve) => setTimeout(resolve, inkEscapeWindowMs + 10));
		}

		for (let turn = 0; turn < 3; turn++) {
			await new Promise((resolve) => setImmediate(resolve));
		}

		assert.equal(frame(), before, `press(${JSON.stringify(key)}) changed the screen`);
	};

	/** The window changes size, as a terminal's does: the stream says its new size. */
	const resize = (columns: number, rows: number) => {
		Object.defineProperty(view.stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(view.stdout, 'rows', {value: rows, configurable: true});
		view.stdout.emit('resize');
	};

	return {frame, waitForFrame, press, pressHides, pressNoChange, resize, view};
}

export type RenderedApp = Awaited<ReturnType<typeof renderApp>>;

/** The first account, as the simulator holds it: the one the app lists first. */
export function firstAccount(app: RenderedApp) {
	const [account] = app.sim.accounts();
	assert.ok(account);
	return account;
}

/** The name of the first account's first pool, as the simulator holds it: the first under "All pools". */
export function firstPoolName(app: RenderedApp): string {
	const [pool] = app.sim.pools(app.accountId);
	assert.ok(pool?.name);
	return pool.name;
}

/**
 * From the accounts screen to the first account's sessions across all its pools; returns how
 * many sessions the simulator lists, which the screen says it shows.
 */
export async function openAllSessions(app: RenderedApp): Promise<number> {
	// The screen shows names as the display boundary makes them.
	const name = sanitize(firstAccount(app).name);
	const count = app.sim.activeSessions(app.accountId).length;
	await app.waitForFrame(`❯ ${name}`);
	await app.press(keys.enter, `Accounts › ${name} › Pools`);
	await app.waitForFrame('❯ All pools');
	await app.press(keys.enter, new RegExp(`^0 selected · ${count} sessions`, 'm'));
	return count;
}

/** A pattern for the row position at the end of a status line, right-aligned: "  12/300". */
export const rowPositionPattern = String.raw` +\d+/\d+`;

/** The rows of the sessions table on screen. */
export function tableRows(app: RenderedApp): string[] {
	return app
		.frame()
		.split('\n')
		.filter((line) => /^.\[[ x]\]/.test(line));
}

/** The row on screen that shows this session. */
export function rowOf(app: RenderedApp, sessionId: string): string | undefined {
	return tableRows(app).find((line) => line.includes(sessionId.slice(0, 20)));
}

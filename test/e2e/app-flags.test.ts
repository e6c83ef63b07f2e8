import assert from 'node:assert/strict';
import {test} from 'node:test';
import {endInProcess, startInProcess} from '../helpers/in-process-terminal.js';

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

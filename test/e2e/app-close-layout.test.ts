import assert from 'node:assert/strict';
import {test} from 'node:test';
import {appInProcess} from '../helpers/in-process-terminal.js';
import {closeAllOnScreen, openFirstAccountSessions} from '../helpers/terminal.js';

/** The session ids the close view's list shows: the simulator's share "gateway-prod.", so "…" and the rest. */
function listedIds(screen: readonly string[]): string[] {
	return screen.flatMap((line) => {
		const id = /^[✓✗?–·⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] .* (…[A-Za-z0-9]{16}) /.exec(line)?.[1];
		return id ? [id] : [];
	});
}

test('at 60×15 the close view keeps each pool kind whole in its colour, shows distinct ids, ? and q, and wraps the stop question', async (t) => {
	const {session} = await appInProcess(t, {sessions: 30, latencyMs: 300}, ['--concurrency', '1'], {
		columns: 60,
		rows: 15,
	});
	await openFirstAccountSessions(session, 30);
	await closeAllOnScreen(session, 30);
	await session.waitForScreen(/^Air 8GB \(production\) [█░]+ \d+\/\d+ closed/m);
	await session.waitForScreen(/^Pro 16… \(production\) [█░]+ /m);
	assert.equal(
		session.colourOf(/^Air 8GB \(production\)/, '(production)'),
		12,
		'production in its own bright blue',
	);
	assert.equal(session.colourOf(/^Air 8GB \(production\)/, 'Air'), -1, 'the name in the default');

	const ids = listedIds(session.screen());
	assert.ok(ids.length >= 4, session.screen().join('\n'));
	assert.equal(new Set(ids).size, ids.length, `distinct ids:\n${session.screen().join('\n')}`);
	assert.match(
		session.screen().join('\n'),
		/^ ↑↓ .*\? help {2}q quit *$/m,
		'the footer ends with ? and q',
	);

	// The stop question is wrapped, not cut: what happens to the rest is at its end.
	session.type('\u001B');
	await session.waitForScreen(/y\/N Stop closing\?[\s\S]*the rest are not attempted\. *$/m);
	session.type('n');
	await session.waitForScreen(/\? help {2}q quit *$/m);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HelpOverlay} from '../../source/ui/components/help-overlay.js';
import type {ScreenAction} from '../../source/ui/keys/actions.js';
import {createKeyRegistry, KeyRegistryContext} from '../../source/ui/keys/screen-keys.js';
import {keys, openAllSessions, renderApp} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {render} from '../helpers/ink.js';
import {rawControl} from '../helpers/raw-controls.js';

test('d (and Enter) opens every field of the session, those the app does not model too, sanitized; Esc closes it', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 2});
	const [session, other] = app.sim.activeSessions(app.accountId);
	const pool = app.sim.pools(app.accountId).find((each) => each.external_id === session?.pool_id);
	assert.ok(session && other && pool);
	// The API sends fields the app has no use for, a hostile one, and a state it cannot read.
	app.sim.inject({
		path: `/accounts/${app.accountId}/active_sessions`,
		times: 10,
		body: [
			{
				...session,
				gpu_hours: 3.5,
				region: {name: 'eu-west', zone: 2},
				note: 'see \u001B]0;pwned\u0007 here',
				state: {code: 3},
			},
			other,
		],
	});
	await openAllSessions(app);
	// The cursor to the row of the session with the extra fields.
	const onCursor = new RegExp(`^›.*${session.id.slice(0, 20)}`, 'm');
	if (!onCursor.test(app.frame())) {
		await app.press(keys.down, onCursor);
	}

	await app.press('d', `Session ${session.id}`);
	const frame = app.frame();
	for (const line of [
		`pool       ${pool.name} (${pool.external_id})`,
		`kind       ${pool.kind}`,
		`user_email ${session.user_email}`,
		'gpu_hours  3.5',
		'region     {"name":"eu-west","zone":2}',
		'note       see \\x1b]0;pwned\\x07 here',
		'state      {"code":3}',
	]) {
		assert.ok(frame.includes(line), `${line}\n${frame}`);
	}

	assert.doesNotMatch(app.view.lastFrame() ?? '', rawControl);
	await app.press(keys.escape, /^0 selected · 2 sessions/m);
	await app.press(keys.enter, `Session ${session.id}`);
	await app.press(keys.escape, /^0 selected · 2 sessions/m);
});

test('at the smallest window the help of the sessions screen fits whole: every key, no scrolling', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app);
	app.resize(60, 15);
	await app.waitForFrame(/^ ↑↓ move .* \? help q quit *$/m);
	await app.press('?', 'Keys (any key closes this)');
	for (const line of [/↑↓ j\/k +move/, /x\/Del +close/, /d\/Enter +details/, /q\/Ctrl-C +quit/]) {
		assert.match(app.frame(), line);
	}

	assert.doesNotMatch(app.frame(), /more/);
	await app.press('x', /^0 selected/m);
});

test('a help taller than the window scrolls: ↓ more, then j and PgDn, to its last line', async (t) => {
	const registry = createKeyRegistry();
	// More actions than any screen has, for a help taller than 60×15 holds.
	const many: ScreenAction[] = Array.from({length: 40}, (_, index) => ({
		action: 'refresh',
		label: `k${index}`,
		does: `thing ${index} done at some length`,
		run: () => undefined,
	}));
	const view = render(
		<KeyRegistryContext.Provider value={registry}>
			<HelpOverlay width={60} height={14} actions={many} />
		</KeyRegistryContext.Provider>,
	);
	t.after(() => view.unmount());
	const frame = () => view.lastFrame() ?? '';
	/** A scroll key, then the frame it draws (each must move the help). */
	const scroll = async (name: 'down' | 'pagedown', action: 'down' | 'pageDown') => {
		const before = frame();
		assert.ok(registry.offer({name, text: ''}, action), 'the help takes its scroll keys');
		await waitFor(
			() => frame() !== before,
			() => `the help to move:\n${frame()}`,
		);
	};

	assert.match(frame(), /Keys \(↑↓ PgUp\/PgDn scroll, any other key closes this\)/);
	assert.match(frame(), /↓ more/);
	assert.doesNotMatch(frame(), /k39 /);
	await scroll('down', 'down');
	assert.match(frame(), /↑ more {2}↓ more/);
	for (let page = 0; page < 10 && /↓ more/.test(frame()); page++) {
		await scroll('pagedown', 'pageDown');
	}

	assert.match(frame(), /k39 /, 'the last action');
	assert.match(frame(), /Everywhere/, "and the title of the app's own keys after them");
	assert.doesNotMatch(frame(), /↓ more/);
	assert.equal(registry.offer({text: 'x'}, 'close'), false, "other keys are not the help's");
});

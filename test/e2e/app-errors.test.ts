import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {simulatorEnvironment} from '../helpers/cli.js';
import {endInProcess, startInProcess} from '../helpers/in-process-terminal.js';

const time = String.raw`\d\d:\d\d:\d\d`;

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

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {Box} from 'ink';
import type {Pool, Session} from '../../source/api/types.js';
import {textWidth} from '../../source/format/width.js';
import {indexPools} from '../../source/ops/select.js';
import {RunHeader, runLayout} from '../../source/ui/close/close-bars.js';
import {closeRunReducer, initialRunState} from '../../source/ui/close/close-run-state.js';
import {fitRunList, RunList, runListColumns} from '../../source/ui/close/run-list.js';
import {render} from '../helpers/ink.js';

const pools: Pool[] = [
	{external_id: 'p-pro', name: 'Pro 16GB GPU', kind: 'production'},
	{external_id: 'p-test', name: 'Test', kind: 'test'},
];

/** Frame-like ids, as the simulator's: "gateway-prod." then what tells them apart. */
const tails = ['7f3a91c2AAAAAAAA', '7f3a91c2BBBBBBBB', '0c55e1d4AAAAAAAA', '9b1e22f0CCCCCCCC'];
const sessions: Session[] = tails.map((tail, index) => ({
	id: `gateway-prod.${tail}`,
	pool_id: index < 3 ? 'p-pro' : 'p-test',
	user_email: `fatima.kowalski${index}@example.com`,
}));

const column = (header: string) => runListColumns.findIndex((each) => each.header === header);

test('the close list at 100, 80 and 60 columns: ids lose their shared start, stay distinct, and the user gives way first', () => {
	for (const width of [100, 80, 60]) {
		const {widths, shortId} = fitRunList(sessions, width);
		assert.equal(
			widths.reduce((sum, cells) => sum + cells + (cells > 0 ? 1 : 0), -1),
			width,
			`the columns fill ${width}`,
		);
		assert.deepEqual(
			sessions.map((session) => shortId(session.id)),
			tails.map((tail) => `…${tail}`),
			`ids at ${width}`,
		);
		const [user = 0, state = 0] = [widths[column('User')], widths[column('State')]];
		assert.ok(user >= 10 && user < state, `the user grows less than the state at ${width}`);
	}

	// Narrower than any window the view is shown in: the user is hidden, the id and state stay.
	const narrow = fitRunList(sessions, 40).widths;
	assert.equal(narrow[column('User')], 0);
	assert.ok((narrow[column('Session id')] ?? 0) >= 17);
	assert.ok((narrow[column('State')] ?? 0) >= 12);
});

test('ids cut in the middle where the column is narrower still stay distinct', () => {
	const {shortId} = fitRunList(sessions, 60);
	const cut = fitRunList(
		sessions.map((session) => ({...session, id: `${session.id}${session.id}`})),
		60,
	);
	assert.equal(new Set(sessions.map((session) => shortId(session.id))).size, sessions.length);
	const shown = sessions.map((session) => cut.shortId(`${session.id}${session.id}`));
	assert.equal(new Set(shown).size, sessions.length, shown.join(' '));
	const room = cut.widths[column('Session id')] ?? 0;
	assert.ok(shown.every((id) => id.startsWith('…') && textWidth(id) <= room));
});

/** The close view's header and list, as drawn at `width` columns. */
function drawn(width: number): string[] {
	const [first] = sessions as [Session];
	const state = closeRunReducer(initialRunState(sessions, indexPools(pools), 0), {
		type: 'events',
		now: 1000,
		events: [
			{
				session: first,
				status: 'failed',
				result: {id: first.id, status: 'failed', attempts: 1, error: 'server error (HTTP 503)'},
			},
		],
	});
	const layout = runLayout(state, 14, width);
	const view = render(
		<Box flexDirection="column" width={width}>
			<RunHeader state={state} width={width} layout={layout} />
			<RunList
				rows={state.rows}
				now={state.now}
				layout={fitRunList(sessions, width)}
				offset={0}
				height={layout.listHeight}
			/>
		</Box>,
	);
	const lines = stripVTControlCharacters(view.lastFrame() ?? '').split('\n');
	view.unmount();
	return lines;
}

test('the close view at 100, 80 and 60 columns: each pool bar keeps its kind whole; each row shows its own id', () => {
	for (const width of [100, 80, 60]) {
		const lines = drawn(width);
		assert.ok(
			lines.every((line) => textWidth(line) <= width),
			`nothing wider than ${width}:\n${lines.join('\n')}`,
		);
		assert.equal(lines[0], 'Closing 4 sessions in 2 pools');
		const pro = lines.find((line) => line.startsWith('Pro 16'));
		assert.match(pro ?? '', /^Pro 16\S*( \S+)*… \(production\) |^Pro 16GB GPU \(production\) /);
		assert.match(lines.find((line) => line.startsWith('Test')) ?? '', /^Test \(test\) +[█▓?✗░]/);
		const rows = lines.filter((line) => /^[✗·] /.test(line) && !/^✗ \d+ ×/.test(line));
		assert.equal(rows.length, 4, lines.join('\n'));
		assert.deepEqual(
			rows.map((row) => / (…\w{16}) /.exec(row)?.[1]),
			tails.map((tail) => `…${tail}`),
			`rows at ${width}`,
		);
		assert.match(rows[0] ?? '', /fatima\.kow/, 'the user still shows');
	}
});

test("a finished run's summary is wrapped, not cut, at 60 columns: what was not attempted shows", () => {
	const stopped = closeRunReducer(
		closeRunReducer(initialRunState(sessions, indexPools(pools), 0), {
			type: 'events',
			now: 3000,
			events: sessions.map((session, index) => ({
				session,
				status: index === 0 ? 'closed' : 'not_attempted',
				result: {
					id: session.id,
					status: index === 0 ? 'closed' : 'not_attempted',
					attempts: index === 0 ? 1 : 0,
				},
			})),
		}),
		{type: 'finished', now: 3000},
	);
	const wide = runLayout(stopped, 14, 100);
	const narrow = runLayout(stopped, 14, 60);
	assert.deepEqual(wide.titleLines, [
		'Finished in 3.0s: 1 closed, 0 already closed, 0 failed, 3 not attempted',
	]);
	assert.deepEqual(narrow.titleLines, [
		'Finished in 3.0s: 1 closed, 0 already closed, 0 failed, 3',
		'not attempted',
	]);
	assert.equal(narrow.listHeight, wide.listHeight - 1, 'the list gives the title its row');
});

import {Box, Text} from 'ink';
import {useState} from 'react';
import {textWidth} from '../../format/width.js';
import {actionLabel, type ScreenAction} from '../keys/actions.js';
import {globalKeys} from '../keys/keymap.js';
import {useScreenKeys} from '../keys/screen-keys.js';
import {fitCell} from '../table-layout.js';
import {type Move, scrollTo} from '../viewport.js';

type Line = {readonly key: string; readonly text: string; readonly title: boolean};

/** The help's lines: this screen's actions, as its list has them, then the keys of every screen. */
export function helpLines(actions: readonly ScreenAction[]): Line[] {
	const entries: Array<{section: string; label: string; does: string}> = [];
	const seen = new Set<string>();
	for (const action of actions) {
		const label = actionLabel(action);
		const key = `here/${label}/${action.does}`;
		// The moves share one line ("↑↓ move"); help and quit are listed below, with every screen's.
		const everywhere = action.action === 'help' || action.action === 'quit';
		if (action.footer !== false && !everywhere && !seen.has(key)) {
			seen.add(key);
			entries.push({section: 'here', label, does: action.does});
		}
	}

	const labelWidth = Math.max(
		...[...entries, ...globalKeys].map((entry) => textWidth(entry.label)),
	);
	const entry = (section: string, label: string, does: string): Line => ({
		key: `${section}/${label}/${does}`,
		text: `  ${fitCell(label, labelWidth)} ${does}`,
		title: false,
	});
	return [
		{key: 'here', text: 'This screen', title: true},
		...entries.map(({section, label, does}) => entry(section, label, does)),
		{key: 'everywhere', text: 'Everywhere', title: true},
		...globalKeys.map((key) => entry('everywhere', key.label, key.does)),
	];
}

/** A column of the help is at most this wide, so that two fit from 100 cells up. */
const widestColumn = 48;

/**
 * How the help's `count` lines fit `width`×`height` cells (its title and "more" line
 * included): side by side in as many columns as fit whole, or, when even those are too few,
 * in one column that scrolls.
 */
export function helpLayout(
	count: number,
	longest: number,
	width: number,
	height: number,
): {readonly columns: number; readonly rows: number; readonly scrolls: boolean} {
	const rows = Math.max(1, height - 2);
	const fit = Math.max(1, Math.floor((width - 2) / Math.min(longest + 1, widestColumn)));
	const wanted = Math.ceil(count / rows);
	return wanted <= fit
		? {columns: wanted, rows, scrolls: false}
		: {columns: 1, rows, scrolls: true};
}

const scrollMoves: ReadonlySet<string> = new Set<Move>([
	'up',
	'down',
	'pageUp',
	'pageDown',
	'home',
	'end',
]);

/**
 * Every key of the screen underneath, and those of every screen. Taller than the window, it
 * scrolls with the moves (↑↓ j/k, PgUp/PgDn, Home/End); any other key closes it.
 */
export function HelpOverlay(props: {
	readonly width: number;
	readonly height: number;
	readonly actions: readonly ScreenAction[];
}) {
	const lines = helpLines(props.actions);
	const longest = Math.max(...lines.map((line) => textWidth(line.text)));
	const layout = helpLayout(lines.length, longest, props.width, props.height);
	const [offset, setOffset] = useState(0);
	useScreenKeys(
		(_key, action) => {
			if (!layout.scrolls || action === undefined || !scrollMoves.has(action)) {
				return false;
			}

			setOffset((at) => scrollTo(at, action as Move, lines.length, layout.rows));
			return true;
		},
		{layer: 'dialog'},
	);
	const first = layout.scrolls ? Math.min(offset, Math.max(0, lines.length - layout.rows)) : 0;
	const shown = layout.scrolls ? lines.slice(first, first + layout.rows) : lines;
	const perColumn = Math.ceil(shown.length / layout.columns);
	const width = Math.floor((props.width - 2) / layout.columns);
	const groups = Array.from({length: layout.columns}, (_, column) =>
		shown.slice(column * perColumn, (column + 1) * perColumn),
	);
	const more = [first > 0 ? '↑ more' : '', first + layout.rows < lines.length ? '↓ more' : '']
		.filter(Boolean)
		.join('  ');
	return (
		<Box flexDirection="column" height={props.height} paddingLeft={1}>
			<Text bold>
				{fitCell(
					layout.scrolls
						? 'Keys (↑↓ PgUp/PgDn scroll, any other key closes this)'
						: 'Keys (any key closes this)',
					props.width - 2,
				)}
			</Text>
			<Box>
				{groups.map((group) => (
					<Box key={group[0]?.key} flexDirection="column" width={width}>
						{group.map((line) => (
							<Text key={line.key} bold={line.title}>
								{fitCell(line.text, width - 1)}
							</Text>
						))}
					</Box>
				))}
			</Box>
			{layout.scrolls ? <Text dimColor>{more}</Text> : null}
		</Box>
	);
}

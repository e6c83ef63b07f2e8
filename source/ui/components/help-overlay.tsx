import {Box, Text} from 'ink';
import {useState} from 'react';
import {textWidth} from '../../format/width.js';
import {actionLabel, moves, type ScreenAction, useAppActions} from '../keys/actions.js';
import {useScreenKeys} from '../keys/screen-keys.js';
import {fitCell} from '../table-layout.js';
import {type Move, scrollTo} from '../viewport.js';

type Line = {readonly key: string; readonly text: string; readonly title: boolean};

const isMove: ReadonlySet<string> = new Set(moves);

/**
 * The lines of a section: the moves as three lines (when they are bound), then each thing the
 * actions do once, with all the keys that do it ("q/Ctrl-C quit").
 */
function sectionEntries(actions: readonly ScreenAction[]): Array<{label: string; does: string}> {
	const bound = new Map(actions.map((action) => [action.action, action]));
	const up = bound.get('up');
	const entries = [
		...(up ? [{label: '↑↓ j/k', does: up.does}] : []),
		...(bound.has('pageDown') ? [{label: 'PgUp/PgDn', does: 'page'}] : []),
		...(bound.has('home') ? [{label: 'Home/End g/G', does: 'first / last'}] : []),
	];
	// An action out of the footer is in the help only beside one in it that does the same (Enter
	// beside d for details): read-only takes a closing action out of both.
	const shown = new Set(
		actions.filter((action) => action.footer !== false).map((action) => action.does),
	);
	const byDoes = new Map<string, string[]>();
	for (const action of actions) {
		if (isMove.has(action.action) || !shown.has(action.does)) {
			continue;
		}

		const keys = byDoes.get(action.does) ?? [];
		const label = actionLabel(action);
		// "x/Del" is two keys; "/" is one.
		for (const key of label === '/' ? [label] : label.split('/')) {
			if (!keys.includes(key)) {
				keys.push(key);
			}
		}

		byDoes.set(action.does, keys);
	}

	return [...entries, ...[...byDoes].map(([does, labels]) => ({label: labels.join('/'), does}))];
}

/**
 * The help's lines: this screen's actions, then the app's own (help, quit) where the screen does
 * not bind their keys itself (a close's q asks first, its Ctrl-C stops), each as it is bound, so
 * the help never offers a key that does nothing here or does something else.
 */
export function helpLines(
	actions: readonly ScreenAction[],
	appActions: readonly ScreenAction[],
	/** Whether the actions' guides (the filter's syntax) are listed too. */
	guided = true,
): Line[] {
	// The screens list the app's own actions as they are, so they are told apart by identity.
	const here = actions.filter((action) => !appActions.includes(action));
	const boundHere = new Set(here.map((action) => action.action));
	const everywhere = appActions.filter((action) => !boundHere.has(action.action));
	const hereEntries = sectionEntries(here);
	const everywhereEntries = sectionEntries(everywhere);
	const labelWidth = Math.max(
		...[...hereEntries, ...everywhereEntries].map((entry) => textWidth(entry.label)),
	);
	const entry = (section: string, label: string, does: string): Line => ({
		key: `${section}/${label}/${does}`,
		text: `  ${fitCell(label, labelWidth)} ${does}`,
		title: false,
	});
	// An action that says how to use it (the filter's syntax) gets a section of its own.
	const guides = guided
		? here.filter((action) => action.help !== undefined && action.footer !== false)
		: [];
	return [
		{key: 'here', text: 'This screen', title: true},
		...hereEntries.map(({label, does}) => entry('here', label, does)),
		...guides.flatMap((action) => [
			{
				key: `guide/${action.action}`,
				text: `${action.does[0]?.toUpperCase() ?? ''}${action.does.slice(1)} (${actionLabel(action)})`,
				title: true,
			},
			...(action.help ?? []).map((line) => ({
				key: `guide/${action.action}/${line}`,
				text: `  ${line}`,
				title: false,
			})),
		]),
		{key: 'everywhere', text: 'Everywhere', title: true},
		...everywhereEntries.map(({label, does}) => entry('everywhere', label, does)),
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

/**
 * Every key of the screen underneath, and those of every screen. Taller than the window, it
 * scrolls with the moves (↑↓ j/k, PgUp/PgDn, Home/End); any other key closes it.
 */
export function HelpOverlay(props: {
	readonly width: number;
	readonly height: number;
	readonly actions: readonly ScreenAction[];
	/** The app's actions that reach it on that screen; all of them unless said. */
	readonly appActions?: readonly ScreenAction[] | undefined;
}) {
	const all = useAppActions();
	const fitted = (guided: boolean) => {
		const lines = helpLines(props.actions, props.appActions ?? all, guided);
		const longest = Math.max(...lines.map((line) => textWidth(line.text)));
		return {lines, layout: helpLayout(lines.length, longest, props.width, props.height)};
	};

	// Every key first: the guides (the filter's syntax) are left out when only they make it scroll.
	const withGuides = fitted(true);
	const withoutGuides = withGuides.layout.scrolls ? fitted(false) : withGuides;
	const {lines, layout} = withoutGuides.layout.scrolls ? withGuides : withoutGuides;
	const [offset, setOffset] = useState(0);
	useScreenKeys(
		(_key, action) => {
			if (!layout.scrolls || action === undefined || !isMove.has(action)) {
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

import {Box, Text} from 'ink';
import {actionLabel, type ScreenAction} from '../actions.js';
import {globalKeys} from '../keymap.js';
import {fitCell} from '../table-layout.js';

type Line = {readonly key: string; readonly text: string; readonly title: boolean};

/** The help's lines: this screen's actions, as its list has them, then the keys of every screen. */
function helpLines(actions: readonly ScreenAction[]): Line[] {
	const entry = (section: string, label: string, does: string): Line => ({
		key: `${section}/${label}/${does}`,
		text: `  ${fitCell(label, 18)} ${does}`,
		title: false,
	});
	const seen = new Set<string>();
	const own: Line[] = [];
	for (const action of actions) {
		const line = entry('here', actionLabel(action), action.does);
		// The moves share one line ("↑↓ move"); help and quit are listed below, with every screen's.
		const everywhere = action.action === 'help' || action.action === 'quit';
		if (action.footer !== false && !everywhere && !seen.has(line.key)) {
			seen.add(line.key);
			own.push(line);
		}
	}

	return [
		{key: 'here', text: 'This screen', title: true},
		...own,
		{key: 'everywhere', text: 'Everywhere', title: true},
		...globalKeys.map((key) => entry('everywhere', key.label, key.does)),
	];
}

/** Every key of the screen underneath, and those of every screen; any key closes it. */
export function HelpOverlay(props: {
	readonly width: number;
	readonly height: number;
	readonly actions: readonly ScreenAction[];
}) {
	const lines = helpLines(props.actions);
	const columns = Math.max(1, Math.ceil(lines.length / Math.max(1, props.height - 2)));
	const perColumn = Math.ceil(lines.length / columns);
	const width = Math.floor((props.width - 2) / columns);
	const groups = Array.from({length: columns}, (_, column) =>
		lines.slice(column * perColumn, (column + 1) * perColumn),
	);
	return (
		<Box flexDirection="column" height={props.height} paddingLeft={1}>
			<Text bold>Keys (any key closes this)</Text>
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
		</Box>
	);
}

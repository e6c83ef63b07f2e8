import {Box, Text} from 'ink';
import {globalKeys, type KeyHint, keyLabel, viewKeys} from '../keymap.js';
import {fitCell} from '../table-layout.js';

const sections: ReadonlyArray<readonly [string, readonly KeyHint[]]> = [
	['Everywhere', globalKeys],
	['Sessions', viewKeys.sessions],
	['Filter', viewKeys.filter],
	['Confirmation', viewKeys.confirm],
	['Closing', viewKeys.closing],
	['Summary', viewKeys.summary],
];

/** Every key of the app, by view; any key closes it. */
export function HelpOverlay(props: {readonly width: number; readonly height: number}) {
	const lines: Array<{key: string; text: string; title: boolean}> = [];
	for (const [title, hints] of sections) {
		lines.push({key: title, text: title, title: true});
		for (const hint of hints) {
			const label = hint.label ?? keyLabel(hint.action);
			lines.push({
				key: `${title}/${label}`,
				text: `  ${fitCell(label, 18)} ${hint.does}`,
				title: false,
			});
		}
	}

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

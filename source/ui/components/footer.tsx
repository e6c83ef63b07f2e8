import {Box, Text} from 'ink';
import {type KeyHint, keyLabel} from '../keymap.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/** The keys as a line: "Enter pools  r refresh  ? help". */
export function hintText(hints: readonly KeyHint[]): string {
	return hints.map((hint) => `${hint.label ?? keyLabel(hint.action)} ${hint.does}`).join('  ');
}

/** The bottom line: the keys of the view the operator is in. */
export function Footer(props: {readonly width: number; readonly hints: readonly KeyHint[]}) {
	const theme = useTheme();
	return (
		<Box width={props.width}>
			<Text color={theme.accent} dimColor={!theme.accent}>
				{fitCell(` ${hintText(props.hints)}`, props.width)}
			</Text>
		</Box>
	);
}

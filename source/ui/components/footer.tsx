import {Box, Text} from 'ink';
import {actionLabel, type ScreenAction} from '../actions.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/** The footer's keys as a line: "Enter pools  r refresh  ? help". */
function hintText(actions: readonly ScreenAction[]): string {
	return actions
		.filter((action) => action.footer !== false)
		.map((action) => `${actionLabel(action)} ${action.does}`)
		.join('  ');
}

/** The bottom line: the keys of the view the operator is in. */
export function Footer(props: {readonly width: number; readonly actions: readonly ScreenAction[]}) {
	const theme = useTheme();
	return (
		<Box width={props.width}>
			<Text color={theme.accent} dimColor={!theme.accent}>
				{fitCell(` ${hintText(props.actions)}`, props.width)}
			</Text>
		</Box>
	);
}

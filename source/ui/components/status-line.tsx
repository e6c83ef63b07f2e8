import {Text} from 'ink';
import {textWidth} from '../../format/width.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/**
 * The line under a table: what it holds on the left, cut first on a narrow screen, and the row
 * position on the right ("12/300"), always whole.
 */
export function StatusLine(props: {
	readonly text: string;
	readonly position: string;
	readonly width: number;
}) {
	const theme = useTheme();
	const room = Math.max(0, props.width - textWidth(props.position) - 1);
	return <Text color={theme.accent}>{`${fitCell(props.text, room)} ${props.position}`}</Text>;
}

import {Text} from 'ink';
import {textWidth} from '../../format/width.js';
import type {LoadProblem} from '../load-status.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/** Fewest cells the reason keeps on a narrow screen before the times are cut instead. */
const minimumReason = 12;

/** A load's trouble on one line, the reason cut first so the times stay in view. */
export function LoadProblemLine(props: {readonly problem: LoadProblem; readonly width: number}) {
	const theme = useTheme();
	const {reason, tone, compact} = props.problem;
	const roomFor = (words: {readonly head: string; readonly tail: string}) =>
		props.width - textWidth(words.head) - textWidth(words.tail);
	const {head, tail} = compact && roomFor(props.problem) < minimumReason ? compact : props.problem;
	const room = Math.max(minimumReason, roomFor({head, tail}));
	const text = `${head}${fitCell(reason, room).trimEnd()}${tail}`;
	return (
		<Text color={tone === 'warn' ? theme.warn : theme.error} bold={tone === 'error'}>
			{fitCell(text, props.width)}
		</Text>
	);
}

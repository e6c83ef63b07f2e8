import {Box, Text} from 'ink';
import type {Pool, Session} from '../../api/types.js';
import {sanitize} from '../../format/sanitize.js';
import {plural} from '../../format/text.js';
import {describePool, sharesByPool} from '../../ops/select.js';
import {useTheme} from '../theme.js';

/** The question: "Close 14 sessions in 2 pools: Air 8GB (production) 12, Test (test) 2?" */
export function confirmQuestion(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
): string {
	const shares = sharesByPool(sessions, poolsById);
	const pools = shares
		.map(({pool, poolId, count}) => `${describePool(pool, poolId)} ${count}`)
		.join(', ');
	return `Close ${plural(sessions.length, 'session')} in ${plural(shares.length, 'pool')}: ${pools}?`;
}

/** The confirmation before a close; No is the default. */
export function ConfirmClose(props: {
	readonly sessions: readonly Session[];
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly width: number;
}) {
	const theme = useTheme();
	return (
		<Box
			flexDirection="column"
			borderStyle="double"
			borderColor={theme.warn}
			paddingX={1}
			width={Math.min(props.width, 100)}
		>
			<Text bold>{sanitize(confirmQuestion(props.sessions, props.poolsById))}</Text>
			<Text>Users are disconnected at once.</Text>
			<Text>
				<Text bold>y</Text> close them · <Text bold>N</Text> (Enter, Esc) keep them
			</Text>
		</Box>
	);
}

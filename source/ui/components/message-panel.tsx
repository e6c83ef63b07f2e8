import {Box, Text} from 'ink';
import {AuthenticationError} from '../../api/errors.js';
import {describeError} from '../../errors.js';
import {sanitize} from '../../format/sanitize.js';
import {useTheme} from '../theme.js';

/** A bordered box with one message: an empty list, or a failed load with how to retry. */
export function MessagePanel(props: {
	readonly title: string;
	readonly lines: readonly string[];
	readonly tone?: 'error' | 'info';
}) {
	const theme = useTheme();
	const colour = props.tone === 'error' ? theme.error : theme.accent;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={colour} paddingX={1} marginX={1}>
			<Text bold color={colour}>
				{sanitize(props.title)}
			</Text>
			{props.lines.map((line) => (
				<Text key={line}>{sanitize(line)}</Text>
			))}
		</Box>
	);
}

/** A failed load: the error's one line, a hint for credentials, and `r` to retry. */
export function ErrorPanel(props: {readonly error: unknown; readonly what: string}) {
	const lines = [describeError(props.error).line];
	if (props.error instanceof AuthenticationError) {
		lines.push(
			'Set FRAME_CLIENT_ID and FRAME_CLIENT_SECRET to an API credential from the Frame console (Users → API), or unset both for demo mode.',
		);
	}

	lines.push('Press r to retry.');
	return <MessagePanel title={`Could not load ${props.what}`} lines={lines} tone="error" />;
}

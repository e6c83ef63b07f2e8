import {Box, Text} from 'ink';
import {AuthenticationError} from '../../api/errors.js';
import {describeError} from '../../errors.js';
import {sanitize} from '../../format/sanitize.js';
import {useCredentialSource} from '../credentials.js';
import {clockTime} from '../load-status.js';
import {useTheme} from '../theme.js';
import type {LoadState} from '../use-load.js';

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

/**
 * What the operator can do about a failed load: the app may be at it already (a retry waited
 * out, a load in flight, a next try on the timer), and only when nothing is planned is it up to `r`.
 */
export function retryHint(load: LoadState<unknown>): string {
	if (load.retrying) {
		const {attempt, maxAttempts} = load.retrying;
		return `Retrying now: attempt ${attempt + 1} of ${maxAttempts}.`;
	}

	if (load.loading) {
		return 'Trying again now.';
	}

	return load.nextAt ? `Next try at ${clockTime(load.nextAt)}, or press r.` : 'Press r to retry.';
}

/** A load that failed with nothing to show: the error's one line, a hint for credentials, and what comes next. */
export function ErrorPanel(props: {readonly load: LoadState<unknown>; readonly what: string}) {
	const {error} = props.load;
	const credentials = useCredentialSource();
	const lines = [describeError(error, credentials).line];
	// A profile's credential is named in the error's line already; the environment's has a way out.
	if (error instanceof AuthenticationError && credentials.kind === 'environment') {
		lines.push(
			'Set FRAME_CLIENT_ID and FRAME_CLIENT_SECRET to an API credential from the Frame console (Users → API), or unset both for demo mode.',
		);
	}

	lines.push(retryHint(props.load));
	return <MessagePanel title={`Could not load ${props.what}`} lines={lines} tone="error" />;
}

import {Box, Text} from 'ink';
import {sanitize} from '../../format/sanitize.js';
import {wrapWords} from '../../format/text.js';
import {type ScreenAction, useScreenActions} from '../keys/actions.js';
import type {Action} from '../keys/keymap.js';
import {useScreenKeys} from '../keys/screen-keys.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/**
 * The keys of a yes/no question, for the close confirmation, the stop question and the quit
 * question alike. No is the default: y answers yes, every other key no, but those in
 * `passThrough`, which the question leaves to the app (the help, say). Returns the question's
 * actions, for the footer.
 */
export function useConfirm(options: {
	readonly isActive: boolean;
	readonly onAnswer: (yes: boolean) => void;
	/** What yes does, for the footer: "yes, close". */
	readonly yes: string;
	readonly passThrough?: readonly Action[];
	/** Keys the question answers otherwise than yes or no (Ctrl-C at the stop question: stop now). */
	readonly actions?: readonly ScreenAction[];
}): readonly ScreenAction[] {
	const {onAnswer, passThrough = ['help']} = options;
	// Below the question's actions: it hears only the keys they leave.
	useScreenKeys(
		(_key, action) => {
			if (action !== undefined && passThrough.includes(action)) {
				return false;
			}

			onAnswer(false);
			return true;
		},
		{isActive: options.isActive, layer: 'dialogRest'},
	);
	return useScreenActions(
		[
			{action: 'yes', does: options.yes, run: () => onAnswer(true)},
			{action: 'no', label: 'n/Enter/Esc', does: 'no', run: () => onAnswer(false)},
			...(options.actions ?? []),
		],
		{isActive: options.isActive, layer: 'dialog'},
	);
}

/** The border and the padding either side of the close confirmation's lines. */
const boxFrame = 4;

/**
 * A question in a double border, the warning colour: the close confirmation. Its lines are
 * wrapped here, words kept whole: Ink's own wrap starts a line with the space it broke at when
 * the word before it filled the line ("║  Tradeshow Demo?").
 */
export function ConfirmBox(props: {readonly lines: readonly string[]; readonly width: number}) {
	const theme = useTheme();
	const width = Math.min(props.width, 100);
	const [question = [], ...rest] = props.lines.map((line) =>
		wrapWords(sanitize(line, {cell: true}), width - boxFrame, Number.POSITIVE_INFINITY),
	);
	return (
		<Box
			flexDirection="column"
			borderStyle="double"
			borderColor={theme.warn}
			paddingX={1}
			width={width}
		>
			{question.map((line, index) => (
				// Wrapped lines may repeat; their place tells them apart.
				// biome-ignore lint/suspicious/noArrayIndexKey: see above
				<Text key={index} bold>
					{line}
				</Text>
			))}
			{rest.flat().map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: see above
				<Text key={index}>{line}</Text>
			))}
		</Box>
	);
}

/** A question in lines of at most `width` cells, words kept whole: see `ConfirmLines`. */
export function confirmLines(question: string, width: number): string[] {
	return wrapWords(sanitize(question, {cell: true}), width);
}

/** A question in place of the footer, on as many lines as it takes: the stop and quit questions. */
export function ConfirmLines(props: {readonly lines: readonly string[]; readonly width: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{props.lines.map((line) => (
				<Text key={line} bold color={theme.warn} inverse={!theme.warn}>
					{fitCell(line, props.width)}
				</Text>
			))}
		</Box>
	);
}

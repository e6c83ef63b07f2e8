import {Box, Text} from 'ink';
import {sanitize} from '../../format/sanitize.js';
import {wrapWords} from '../../format/text.js';
import {type ScreenAction, useAppActions, useScreenActions} from '../keys/actions.js';
import {type Action, keyLabel} from '../keys/keymap.js';
import {useScreenKeys} from '../keys/screen-keys.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/**
 * A yes/no question, as lazygit's `c.Confirm({title, prompt, handleConfirm})`: what it says, what
 * each answer does, and who hears the answer. Every question of the app is one (the close
 * confirmation, the retry, the stop and the quit), heard by `useDialog` and drawn by `ConfirmBox`,
 * whose key hints come from the key map. No is the default: y answers yes, every other key no.
 */
export type DialogRequest = {
	/** The question, then the lines that explain it. */
	readonly lines: readonly string[];
	/** What yes does, in a few words: "close them". */
	readonly yes: string;
	/** What no does: "keep them". */
	readonly no: string;
	readonly onAnswer: (yes: boolean) => void;
	/**
	 * Where it is asked: in a box in place of the screen's body, or in a bar in place of the
	 * footer, where the screen behind it (a close under way) stays in sight.
	 */
	readonly place: 'box' | 'bar';
	/** Keys it answers otherwise than yes or no (Ctrl-C at the stop question: stop now). */
	readonly actions?: readonly ScreenAction[];
	/** Keys it leaves to the app, unanswered: the help unless said otherwise. */
	readonly passThrough?: readonly Action[];
};

/** The keys that answer no as the footer writes them, and as the question's hint does. */
const noKeys = {
	footer: `${keyLabel('no')}/Enter/Esc`,
	// Capital: the default, as in [y/N].
	hint: `${keyLabel('no').toUpperCase()} (Enter, Esc)`,
	bar: keyLabel('no').toUpperCase(),
};

/** The line that says which key answers what: "y close them · N (Enter, Esc) keep them". */
export function answerHint(request: DialogRequest): string {
	return `${keyLabel('yes')} ${request.yes} · ${noKeys.hint} ${request.no}`;
}

/** A question in a bar, as one text: "y/N Stop closing? Ctrl-C stops now. …". */
function barText(request: DialogRequest): string {
	return `${keyLabel('yes')}/${noKeys.bar} ${request.lines.join(' ')}`;
}

/** The question in words, on one line, for a window too small for its box or bar. */
export function dialogText(request: DialogRequest): string {
	return request.place === 'bar'
		? barText(request)
		: [...request.lines, answerHint(request)].join(' ');
}

/** A bar question's lines at this width, words kept whole: what the screen leaves room for. */
export function barLines(request: DialogRequest, width: number): string[] {
	return wrapWords(sanitize(barText(request), {cell: true}), width);
}

/**
 * Hears a question's keys while it is asked and active: y answers yes; n and every key that is
 * neither the question's own nor passed through answer no. Returns its actions, for the footer.
 */
export function useDialog(
	request: DialogRequest | undefined,
	isActive: boolean,
): readonly ScreenAction[] {
	const active = isActive && request !== undefined;
	const passThrough = request?.passThrough ?? ['help'];
	const own = request?.actions ?? [];
	// The help lists only the app's keys that still reach it: those the question lets by or runs.
	const appActions = useAppActions().filter(
		(action) => passThrough.includes(action.action) || own.includes(action),
	);
	// Below the question's actions: it hears only the keys they leave.
	useScreenKeys(
		(_key, action) => {
			if (action !== undefined && passThrough.includes(action)) {
				return false;
			}

			request?.onAnswer(false);
			return true;
		},
		{isActive: active, layer: 'dialogRest'},
	);
	return useScreenActions(
		request
			? [
					{action: 'yes', does: request.yes, run: () => request.onAnswer(true)},
					{
						action: 'no',
						label: noKeys.footer,
						does: request.no,
						run: () => request.onAnswer(false),
					},
					...own,
				]
			: [],
		{isActive: active, layer: 'dialog', appActions},
	);
}

/** The border and the padding either side of a box question's lines. */
const boxFrame = 4;

/** A question, drawn where its request says: a box in the warning colour, or a bar. */
export function ConfirmBox(props: {readonly request: DialogRequest; readonly width: number}) {
	return props.request.place === 'bar' ? (
		<QuestionBar lines={barLines(props.request, props.width)} width={props.width} />
	) : (
		<QuestionBox lines={[...props.request.lines, answerHint(props.request)]} width={props.width} />
	);
}

/**
 * Lines in a double border, the question bold. They are wrapped here, words kept whole: Ink's own
 * wrap starts a line with the space it broke at when the word before it filled the line
 * ("║  Tradeshow Demo?").
 */
function QuestionBox(props: {readonly lines: readonly string[]; readonly width: number}) {
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

/** Lines in place of the footer, in the warning colour, on as many lines as they take. */
function QuestionBar(props: {readonly lines: readonly string[]; readonly width: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{props.lines.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines may repeat
				<Text key={index} bold color={theme.warn} inverse={!theme.warn}>
					{fitCell(line, props.width)}
				</Text>
			))}
		</Box>
	);
}

/** The app's one key map: raw terminal sequences to named keys, and named keys to actions. */

/** Keys that are not plain text. */
export type KeyName =
	| 'up'
	| 'down'
	| 'left'
	| 'right'
	| 'pageup'
	| 'pagedown'
	| 'home'
	| 'end'
	| 'delete'
	| 'backspace'
	| 'enter'
	| 'escape'
	| 'tab'
	| 'space'
	| 'ctrl-c';

/** One key press: a named key, or the text typed. */
export type KeyPress = {readonly name?: KeyName; readonly text: string};

/** What a key asks for; each view gives the actions it knows a meaning. */
export type Action =
	| 'up'
	| 'down'
	| 'pageUp'
	| 'pageDown'
	| 'home'
	| 'end'
	| 'open'
	| 'back'
	| 'toggle'
	| 'range'
	| 'all'
	| 'production'
	| 'filter'
	| 'sort'
	| 'refresh'
	| 'close'
	| 'yes'
	| 'no'
	| 'help'
	| 'quit'
	| 'interrupt';

/** A binding: the keys as the help shows them, and which presses they are. */
type Binding = {
	readonly action: Action;
	readonly label: string;
	readonly names?: readonly KeyName[];
	readonly texts?: readonly string[];
};

const bindings: readonly Binding[] = [
	{action: 'interrupt', label: 'Ctrl-C', names: ['ctrl-c']},
	{action: 'up', label: '↑/k', names: ['up'], texts: ['k']},
	{action: 'down', label: '↓/j', names: ['down'], texts: ['j']},
	{action: 'pageUp', label: 'PgUp', names: ['pageup']},
	{action: 'pageDown', label: 'PgDn', names: ['pagedown']},
	{action: 'home', label: 'Home/g', names: ['home'], texts: ['g']},
	{action: 'end', label: 'End/G', names: ['end'], texts: ['G']},
	{action: 'open', label: 'Enter', names: ['enter', 'right']},
	{action: 'back', label: 'Esc/←', names: ['escape', 'backspace', 'left']},
	{action: 'toggle', label: 'Space', names: ['space']},
	{action: 'range', label: 'v', texts: ['v']},
	{action: 'all', label: 'a', texts: ['a']},
	{action: 'production', label: 'p', texts: ['p']},
	{action: 'filter', label: '/', texts: ['/']},
	{action: 'sort', label: 's', texts: ['s']},
	{action: 'refresh', label: 'r', texts: ['r']},
	{action: 'close', label: 'x/Del', names: ['delete'], texts: ['x']},
	{action: 'yes', label: 'y', texts: ['y', 'Y']},
	{action: 'no', label: 'n', texts: ['n', 'N']},
	{action: 'help', label: '?', texts: ['?']},
	{action: 'quit', label: 'q', texts: ['q']},
];

/** The action a key press asks for, if any. */
export function actionFor(key: KeyPress): Action | undefined {
	return bindings.find(
		(binding) =>
			(key.name !== undefined && binding.names?.includes(key.name)) ||
			(key.text !== '' && binding.texts?.includes(key.text)),
	)?.action;
}

/** The keys of an action as the footer and help show them. */
export function keyLabel(action: Action): string {
	return bindings.find((binding) => binding.action === action)?.label ?? action;
}

/** A line of the footer or the help: the keys, and what they do here. */
export type KeyHint = {readonly action: Action; readonly label?: string; readonly does: string};

/** Every view's keys, for the footer (its own) and the help overlay (all of them). */
export const viewKeys = {
	accounts: [
		{action: 'up', label: '↑↓', does: 'move'},
		{action: 'open', does: 'pools'},
		{action: 'refresh', does: 'refresh'},
		{action: 'help', does: 'help'},
		{action: 'quit', does: 'quit'},
	],
	pools: [
		{action: 'up', label: '↑↓', does: 'move'},
		{action: 'open', does: 'sessions'},
		{action: 'back', does: 'back'},
		{action: 'refresh', does: 'refresh'},
		{action: 'help', does: 'help'},
		{action: 'quit', does: 'quit'},
	],
	sessions: [
		{action: 'toggle', does: 'select'},
		{action: 'range', does: 'range'},
		{action: 'all', does: 'all'},
		{action: 'production', does: 'production'},
		{action: 'filter', does: 'filter'},
		{action: 'sort', does: 'sort'},
		{action: 'close', does: 'close'},
		{action: 'refresh', does: 'refresh'},
		{action: 'back', does: 'back'},
		{action: 'help', does: 'help'},
	],
	filter: [
		{action: 'open', does: 'keep filter'},
		{action: 'back', label: 'Esc', does: 'clear filter'},
	],
	confirm: [
		{action: 'yes', does: 'yes, close'},
		{action: 'no', label: 'n/Enter/Esc', does: 'no'},
	],
	closing: [
		{action: 'up', label: '↑↓', does: 'scroll'},
		{action: 'back', label: 'Esc/Ctrl-C', does: 'stop'},
	],
	summary: [
		{action: 'open', does: 'back to sessions'},
		{action: 'refresh', does: 'retry failed'},
		{action: 'up', label: '↑↓', does: 'scroll'},
		{action: 'quit', does: 'quit'},
	],
} as const satisfies Record<string, readonly KeyHint[]>;

/** Keys that work everywhere, listed once in the help. */
export const globalKeys: readonly KeyHint[] = [
	{action: 'up', label: '↑↓ j/k', does: 'move'},
	{action: 'pageDown', label: 'PgUp/PgDn', does: 'page'},
	{action: 'home', label: 'Home/End g/G', does: 'first / last'},
	{action: 'open', label: 'Enter', does: 'open'},
	{action: 'back', label: 'Esc/Backspace/←', does: 'back (Esc first clears a filter)'},
	{action: 'help', does: 'this help'},
	{action: 'quit', label: 'q/Ctrl-C', does: 'quit (asks while a close runs)'},
];

/** The app's one key map: the keys each action is bound to, and how the footer and help write them. */

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
	| 'details'
	| 'failed'
	| 'export'
	| 'yes'
	| 'no'
	| 'help'
	| 'quit'
	| 'interrupt'
	/** Typing into a line of text: bound to no key of its own, it takes those `isTextInput` says. */
	| 'text';

/** The presses an action is bound to, and how the footer and help write them. */
type Binding = {
	readonly label: string;
	readonly names?: readonly KeyName[];
	readonly texts?: readonly string[];
};

/** Every action's keys: a record, so an action without keys or a label does not compile. */
const bindings: Readonly<Record<Action, Binding>> = {
	interrupt: {label: 'Ctrl-C', names: ['ctrl-c']},
	up: {label: '↑/k', names: ['up'], texts: ['k']},
	down: {label: '↓/j', names: ['down'], texts: ['j']},
	pageUp: {label: 'PgUp', names: ['pageup']},
	pageDown: {label: 'PgDn', names: ['pagedown']},
	home: {label: 'Home/g', names: ['home'], texts: ['g']},
	end: {label: 'End/G', names: ['end'], texts: ['G']},
	open: {label: 'Enter', names: ['enter', 'right']},
	back: {label: 'Esc/←', names: ['escape', 'backspace', 'left']},
	toggle: {label: 'Space', names: ['space']},
	range: {label: 'v', texts: ['v']},
	all: {label: 'a', texts: ['a']},
	production: {label: 'p', texts: ['p']},
	filter: {label: '/', texts: ['/']},
	sort: {label: 's', texts: ['s']},
	refresh: {label: 'r', texts: ['r']},
	close: {label: 'x/Del', names: ['delete'], texts: ['x']},
	details: {label: 'd', texts: ['d']},
	failed: {label: 'f', texts: ['f']},
	export: {label: 'e', texts: ['e']},
	yes: {label: 'y', texts: ['y', 'Y']},
	no: {label: 'n', texts: ['n', 'N']},
	help: {label: '?', texts: ['?']},
	quit: {label: 'q', texts: ['q']},
	text: {label: 'text'},
};

const byName = new Map<KeyName, Action>();
const byText = new Map<string, Action>();
for (const [action, binding] of Object.entries(bindings) as Array<[Action, Binding]>) {
	for (const name of binding.names ?? []) {
		byName.set(name, action);
	}

	for (const text of binding.texts ?? []) {
		byText.set(text, action);
	}
}

/** The action a key press asks for, if any. */
export function actionFor(key: KeyPress): Action | undefined {
	return (key.name && byName.get(key.name)) || (key.text ? byText.get(key.text) : undefined);
}

/** The keys of an action as the footer and help write them. */
export function keyLabel(action: Action): string {
	return bindings[action].label;
}

/** Keys a line being typed leaves to the screen's actions: every other key edits the line. */
const notText: ReadonlySet<KeyName> = new Set([
	'escape',
	'enter',
	'up',
	'down',
	'pageup',
	'pagedown',
	'ctrl-c',
]);

/**
 * Whether a line being typed takes this key: text, Space, Backspace and Delete edit it, and the
 * cursor keys a one-line filter has no use for (←, Home, Tab) do nothing rather than act.
 */
export function isTextInput(key: KeyPress): boolean {
	return key.name === undefined || !notText.has(key.name);
}

import {useApp} from 'ink';
import {useCallback, useMemo} from 'react';
import {exitCodes} from '../../errors.js';
import type {ScreenAction} from './actions.js';
import {actionFor, type KeyPress} from './keymap.js';
import {createKeyRegistry} from './screen-keys.js';

/**
 * The app's keys: each goes to the help if it is open, else to the screens' handlers in the
 * order of their layers (`screen-keys.ts`), else to the app's own actions (help, quit, Ctrl-C).
 * On a window too small to show a screen they go to the screens only while a close runs, whose
 * view then answers them in the notice.
 */
export function useAppKeys(options: {
	readonly help: boolean;
	readonly setHelp: (open: boolean) => void;
	readonly tooSmall: boolean;
	/** Whether the screens hear keys: not while only the small-window notice shows. */
	readonly screensHear: boolean;
}) {
	const {exit} = useApp();
	const {help, setHelp, tooSmall, screensHear} = options;
	const registry = useMemo(createKeyRegistry, []);
	const {offer} = registry;
	const quit = useCallback(() => exit({code: exitCodes.ok}), [exit]);
	// The app's own keys, the one list of them: every screen lists them last (their footer and
	// help come from it), and they answer the keys no screen used.
	const appActions: readonly ScreenAction[] = useMemo(
		() => [
			{action: 'help', does: 'help', run: () => setHelp(true)},
			{action: 'quit', does: 'quit', run: quit},
			{
				action: 'interrupt',
				does: 'quit',
				footer: false,
				run: () => exit({code: exitCodes.interrupted}),
			},
		],
		[quit, setHelp, exit],
	);
	const onKey = (key: KeyPress) => {
		const action = actionFor(key);
		if (help) {
			// The help hears a key first (it scrolls); any other key closes it.
			if (!offer(key, action)) {
				setHelp(false);
			}
		} else if (!screensHear || !offer(key, action)) {
			// A window too small to show a screen has no room for the help either.
			if (!(action === 'help' && tooSmall)) {
				appActions.find((own) => own.action === action)?.run(key);
			}
		}
	};

	return {registry, quit, appActions, onKey};
}

import {createContext, useContext, useLayoutEffect} from 'react';
import type {Move} from '../viewport.js';
import {type Action, isTextInput, type KeyPress, keyLabel} from './keymap.js';
import {type KeyLayer, useScreenKeys} from './screen-keys.js';

/**
 * One thing the operator can do on a screen (k9s' KeyActions, lazygit's bindings): its key,
 * what the footer and the help call it, and what it does. A screen declares them in one list,
 * and its key handling, footer and help all come from that list.
 */
export type ScreenAction = {
	readonly action: Action;
	readonly does: string;
	readonly run: (key: KeyPress) => void;
	/** It changes something on the server: read-only mode takes it out (see `useScreenActions`). */
	readonly dangerous?: boolean;
	/** Why it cannot run now, if it cannot; said instead of running it. */
	readonly unless?: () => string | undefined;
	/** Shown in the footer and the help; true unless said otherwise (the moves show once, as ↑↓). */
	readonly footer?: boolean;
	/** The footer's word for it when room is short ("prod"); the first word of `does` if not given. */
	readonly short?: string;
	/** How long the footer keeps its word as room shrinks: higher longer (close before sort); 0 if not given. */
	readonly priority?: number;
	/** The keys as the footer writes them, when not the key map's label ("↑↓" for a pair). */
	readonly label?: string;
	/** Lines the help adds under its own title: how to use it (the filter's syntax). */
	readonly help?: readonly string[];
};

/** The keys of an action as the footer and help write them. */
export function actionLabel(action: ScreenAction): string {
	return action.label ?? keyLabel(action.action);
}

/** The moves of a cursor or a list, each an action of the key map. */
export const moves: readonly Move[] = ['up', 'down', 'pageUp', 'pageDown', 'home', 'end'];

/** The moves of the cursor, as actions bound to a handler; the footer shows them as one "↑↓". */
export function moveActions(move: (to: Move) => void, does = 'move'): ScreenAction[] {
	return moves.map((to) =>
		to === 'up'
			? {action: to, label: '↑↓', does, run: () => move(to)}
			: {action: to, does, footer: false, run: () => move(to)},
	);
}

/** The app's own actions, help and quit, which every screen lists last. */
export const AppActionsContext = createContext<readonly ScreenAction[]>([]);

/** The app's own actions, for a screen's list. */
export function useAppActions(): readonly ScreenAction[] {
	return useContext(AppActionsContext);
}

/** Whether the app is read-only; decides once which actions exist. */
export const ReadOnlyContext = createContext(false);

/**
 * Where the active screen leaves its actions for the help to read when it opens, and which of the
 * app's own still reach the app there (all of them unless a question hears every key).
 */
export type ActiveActions = {
	current: readonly ScreenAction[];
	appActions?: readonly ScreenAction[] | undefined;
};

/** The active screen's actions, for the help (see `ActiveActions`). */
export const ActiveActionsContext = createContext<ActiveActions>({current: []});

/** An action as read-only mode has it: a dangerous one leaves the footer and the help, and its key only says why. */
function readOnlyVersion(action: ScreenAction): ScreenAction {
	return action.dangerous
		? {
				...action,
				footer: false,
				unless: () =>
					`Read-only: ${action.does} is disabled (--read-only, or read_only in the profile).`,
			}
		: action;
}

/**
 * Binds a screen's actions to its keys while `isActive`, and returns them as the mode allows:
 * in read-only mode the dangerous ones are taken out, here, once, so no footer or help line
 * offers them and their keys only say why. A key whose action says why it cannot run (`unless`)
 * calls `onBlocked` instead.
 */
export function useScreenActions(
	actions: readonly ScreenAction[],
	options: {
		readonly isActive: boolean;
		readonly onBlocked?: (reason: string) => void;
		/** The screen's, unless the actions are a question's (see `keyLayers`). */
		readonly layer?: KeyLayer;
		/** The app's actions whose keys still reach it here, for the help: all unless said. */
		readonly appActions?: readonly ScreenAction[];
	},
): readonly ScreenAction[] {
	const readOnly = useContext(ReadOnlyContext);
	const active = useContext(ActiveActionsContext);
	const allowed = readOnly ? actions.map(readOnlyVersion) : actions;
	useScreenKeys(
		(key, name) => {
			// A list that types (a filter) takes text before any action its letters are bound to.
			const typing = isTextInput(key)
				? allowed.find((action) => action.action === 'text')
				: undefined;
			const found = typing ?? allowed.find((action) => action.action === name);
			if (!found) {
				return false;
			}

			const reason = found.unless?.();
			if (reason === undefined) {
				found.run(key);
			} else {
				options.onBlocked?.(reason);
			}

			return true;
		},
		{isActive: options.isActive, ...(options.layer ? {layer: options.layer} : {})},
	);
	useLayoutEffect(() => {
		if (options.isActive) {
			active.current = allowed;
			active.appActions = options.appActions;
		}
	});
	return allowed;
}

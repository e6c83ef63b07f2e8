import {type DialogRequest, useDialog} from '../components/dialog.js';
import {moveActions, type ScreenAction, useAppActions, useScreenActions} from '../keys/actions.js';
import {moveTo} from '../viewport.js';
import {type CloseRunState, retryableStatuses} from './close-run-state.js';
import type {CloseView, CloseViewEvent} from './close-view-state.js';

/**
 * The close view's keys, mapped to its events (`close-view-state.ts`): scroll, the not-closed
 * list, stop and quit while the run goes on; back, retry and the app's keys once it has ended;
 * the question's own keys while one is asked. Returns the actions the footer shows.
 */
export function useCloseViewKeys(options: {
	readonly active: boolean;
	readonly view: CloseView;
	readonly state: CloseRunState;
	readonly dialog: DialogRequest | undefined;
	/** Where the list is scrolled, how far it can be, and how many rows it shows. */
	readonly offset: number;
	readonly maxOffset: number;
	readonly listHeight: number;
	readonly send: (event: CloseViewEvent) => void;
	readonly onDone: () => void;
	/** Writes every session's result to a CSV file, once the run has ended. */
	readonly onExport: () => void;
}): readonly ScreenAction[] {
	const {state, send, offset, maxOffset, listHeight} = options;
	const appActions = useAppActions();
	const finished = state.phase === 'done';
	const scrollActions = moveActions(
		(to) => send({type: 'scroll', to: moveTo(offset, to, maxOffset + 1, listHeight)}),
		'scroll',
	);
	const toggleOpen: ScreenAction = {
		action: 'failed',
		does: options.view.openOnly ? 'all rows' : 'not closed',
		run: () => send({type: 'toggleOpen'}),
	};
	const ask = (question: 'stop' | 'quit') => () => send({type: 'ask', question});
	const stopping = state.phase === 'stopping';
	const running: ScreenAction[] = [
		...scrollActions,
		stopping
			? {action: 'interrupt', does: 'stop now', run: () => send({type: 'stopNow'})}
			: {action: 'back', label: 'Esc/Ctrl-C', does: 'stop', run: ask('stop')},
		...(stopping
			? []
			: [{action: 'interrupt', does: 'stop', footer: false, run: ask('stop')} as const]),
		toggleOpen,
		// The help opens during a close too (the run goes on behind it); quit asks first.
		...appActions.filter((action) => action.action === 'help'),
		{action: 'quit', does: 'quit', run: ask('quit')},
	];
	const retryable = retryableStatuses.reduce((sum, status) => sum + state.counts[status], 0);
	const done: ScreenAction[] = [
		{action: 'open', does: 'back to sessions', run: options.onDone},
		{action: 'back', does: 'back to sessions', footer: false, run: options.onDone},
		// Offered only when some session is not closed: failed, unknown or never attempted.
		...(retryable > 0
			? [
					{
						action: 'refresh',
						does: `retry ${retryable}`,
						dangerous: true,
						run: () => send({type: 'ask', question: 'retry'}),
					} as const,
				]
			: []),
		toggleOpen,
		{action: 'export', does: 'export CSV', short: 'export', run: options.onExport},
		...scrollActions,
		...appActions,
	];
	const screenActions = useScreenActions(finished ? done : running, {
		isActive: options.active && options.dialog === undefined,
	});
	const dialogActions = useDialog(options.dialog, options.active);
	return options.dialog ? dialogActions : screenActions;
}

import type {Session} from '../../api/types.js';
import type {DialogRequest} from '../components/dialog.js';
import {keyLabel} from '../keys/keymap.js';
import {type CloseRunState, sessionsToRetry} from './close-run-state.js';
import {retryQuestion} from './close-run-text.js';
import type {CloseQuestion, CloseViewEvent} from './close-view-state.js';

/** Seconds as a person says them: 5, 0.2. */
function formatSeconds(ms: number): string {
	return String(Math.round(ms / 100) / 10);
}

/**
 * The close view's question as a dialog: the stop and the quit ask in a bar below the list, with
 * the grace closes in flight get, and Ctrl-C answers them at once; the retry asks in a box in the
 * list's place, as the first close did. Each answer is an event of the view.
 */
export function closeDialog(options: {
	readonly question: CloseQuestion | undefined;
	readonly state: CloseRunState;
	readonly graceMs: number;
	/** Where sessions are, in words: the account's name, or "3 accounts of Acme". */
	readonly where: (sessions: readonly Session[]) => string;
	readonly send: (event: CloseViewEvent) => void;
}): DialogRequest | undefined {
	const {question, send} = options;
	if (question === undefined) {
		return undefined;
	}

	const onAnswer = (yes: boolean) => send({type: 'answer', yes});
	if (question === 'retry') {
		return {
			// Where those the retry closes are, not the whole run's.
			lines: retryQuestion(options.state, options.where(sessionsToRetry(options.state.rows))),
			yes: 'retry them',
			no: 'leave them',
			place: 'box',
			onAnswer,
		};
	}

	// A no-break space keeps "5 s" on one line: wrapWords and Ink's wrap-ansi break at plain spaces only.
	const grace = `${formatSeconds(options.graceMs)}\u00A0s`;
	const now = keyLabel('interrupt');
	return {
		lines:
			question === 'stop'
				? [
						'Stop closing?',
						`${now} stops now.`,
						`Closes in flight get ${grace}, then end unknown; the rest are not attempted.`,
					]
				: [
						'Quit?',
						`${now} quits now.`,
						`Closes in flight get ${grace} first, then end unknown; the rest are not attempted.`,
					],
		yes: question === 'stop' ? 'stop' : 'quit',
		no: 'go on',
		place: 'bar',
		onAnswer,
		// A second Ctrl-C, as a second signal does: what is in flight is cancelled and ends unknown.
		actions: [{action: 'interrupt', does: 'stop now', run: () => send({type: 'stopNow'})}],
	};
}

/**
 * What the close view asks and shows, apart from the run itself: its question, where its list
 * is scrolled, whether it shows only the sessions not closed, and whether the app quits when the
 * run ends. A pure reducer, as the run's own state is (`close-run-state.ts`); what an event tells
 * the run to do comes from `commandOf`, which the view's hook carries out.
 */

/** The questions of the close view: stop the run, quit the app, close the rest again. */
export type CloseQuestion = 'stop' | 'quit' | 'retry';

/** The close view's state: what it asks, how its list is shown, whether the app quits after. */
export type CloseView = {
	/** The question asked, if one is (see `shownQuestion`). */
	readonly question: CloseQuestion | undefined;
	/** A quit was answered yes: the app quits once the run has ended. */
	readonly quitWhenDone: boolean;
	/** The first row of the list shown, or 'follow': the list keeps the run's moving rows in sight. */
	readonly scroll: number | 'follow';
	/** Only the sessions not closed are listed. */
	readonly openOnly: boolean;
};

/** What the operator does in the close view. */
export type CloseViewEvent =
	| {readonly type: 'ask'; readonly question: CloseQuestion}
	| {readonly type: 'answer'; readonly yes: boolean}
	/** Ctrl-C at a question, or while the run stops: closes in flight are cancelled now. */
	| {readonly type: 'stopNow'}
	| {readonly type: 'toggleOpen'}
	| {readonly type: 'scroll'; readonly to: number};

/** What an event tells the run: stop gently, stop now, or close the rest again. */
export type CloseRunCommand = 'stop' | 'stopNow' | 'retry';

/** The view as a close opens it: no question, the full list following the run. */
export const initialCloseView: CloseView = {
	question: undefined,
	quitWhenDone: false,
	scroll: 'follow',
	openOnly: false,
};

/**
 * The question on screen: stop and quit only while the run goes on (once it has ended there is
 * nothing to stop, and the done view's keys answer), the retry only once it has ended.
 */
export function shownQuestion(view: CloseView, finished: boolean): CloseQuestion | undefined {
	const {question} = view;
	return question === 'retry' ? (finished ? question : undefined) : finished ? undefined : question;
}

/** The view after an event. */
export function closeViewReducer(view: CloseView, event: CloseViewEvent): CloseView {
	switch (event.type) {
		case 'ask': {
			return {...view, question: event.question};
		}

		case 'answer': {
			if (!event.yes || view.question === undefined) {
				return {...view, question: undefined};
			}

			return view.question === 'retry'
				? // The rest is closed again from the top of the full list.
					{...view, question: undefined, scroll: 'follow', openOnly: false}
				: {...view, question: undefined, quitWhenDone: view.question === 'quit'};
		}

		case 'stopNow': {
			return view.question === undefined
				? view
				: {...view, question: undefined, quitWhenDone: view.question === 'quit'};
		}

		case 'toggleOpen': {
			return {...view, openOnly: !view.openOnly, scroll: 'follow'};
		}

		case 'scroll': {
			return {...view, scroll: event.to};
		}
	}
}

/** What the run is to do on this event, in the view it comes to; nothing for most. */
export function commandOf(view: CloseView, event: CloseViewEvent): CloseRunCommand | undefined {
	if (event.type === 'stopNow') {
		return 'stopNow';
	}

	if (event.type !== 'answer' || !event.yes || view.question === undefined) {
		return undefined;
	}

	return view.question === 'retry' ? 'retry' : 'stop';
}

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	type CloseView,
	type CloseViewEvent,
	closeViewReducer,
	commandOf,
	initialCloseView,
	shownQuestion,
} from '../../source/ui/close/close-view-state.js';

/** The view after the events, and every command they gave the run, in order. */
function play(events: readonly CloseViewEvent[], view: CloseView = initialCloseView) {
	const commands: string[] = [];
	for (const event of events) {
		const command = commandOf(view, event);
		if (command) {
			commands.push(command);
		}

		view = closeViewReducer(view, event);
	}

	return {view, commands};
}

test('Esc asks to stop; n keeps the run going and asks nothing more; y stops it gently', () => {
	const asked = play([{type: 'ask', question: 'stop'}]);
	assert.equal(shownQuestion(asked.view, false), 'stop');
	assert.deepEqual(play([{type: 'answer', yes: false}], asked.view), {
		view: initialCloseView,
		commands: [],
	});
	const stopped = play([{type: 'answer', yes: true}], asked.view);
	assert.deepEqual(stopped.commands, ['stop']);
	assert.equal(stopped.view.question, undefined);
	assert.equal(stopped.view.quitWhenDone, false, 'a stop is not a quit');
});

test('q asks to quit; y stops the run and quits once it has ended; Ctrl-C at the question stops now', () => {
	const quit = play([
		{type: 'ask', question: 'quit'},
		{type: 'answer', yes: true},
	]);
	assert.deepEqual(quit.commands, ['stop']);
	assert.equal(quit.view.quitWhenDone, true);

	const now = play([{type: 'ask', question: 'quit'}, {type: 'stopNow'}]);
	assert.deepEqual(now.commands, ['stopNow']);
	assert.equal(now.view.quitWhenDone, true);
	assert.equal(now.view.question, undefined);

	const stopNow = play([{type: 'ask', question: 'stop'}, {type: 'stopNow'}]);
	assert.deepEqual(stopNow.commands, ['stopNow']);
	assert.equal(stopNow.view.quitWhenDone, false);
});

test('Ctrl-C while the run stops cancels what is in flight, and changes nothing on screen', () => {
	const view = {...initialCloseView, scroll: 4, openOnly: true};
	assert.deepEqual(play([{type: 'stopNow'}], view), {view, commands: ['stopNow']});
});

test('a stop or quit question left open when the run ends is not shown; the retry question only then', () => {
	const stop = play([{type: 'ask', question: 'stop'}]).view;
	assert.equal(shownQuestion(stop, false), 'stop');
	assert.equal(shownQuestion(stop, true), undefined);
	const retry = play([{type: 'ask', question: 'retry'}], stop).view;
	assert.equal(shownQuestion(retry, true), 'retry');
	assert.equal(shownQuestion(retry, false), undefined);
});

test('y to the retry closes the rest again from the top of the full list; n leaves the list as it was', () => {
	const browsed = play([{type: 'toggleOpen'}, {type: 'scroll', to: 7}]).view;
	assert.deepEqual(browsed, {...initialCloseView, openOnly: true, scroll: 7});
	const declined = play(
		[
			{type: 'ask', question: 'retry'},
			{type: 'answer', yes: false},
		],
		browsed,
	);
	assert.deepEqual(declined, {view: browsed, commands: []});
	const retried = play(
		[
			{type: 'ask', question: 'retry'},
			{type: 'answer', yes: true},
		],
		browsed,
	);
	assert.deepEqual(retried, {view: initialCloseView, commands: ['retry']});
});

test('f shows only the sessions not closed, and back; the list then follows the run again', () => {
	const scrolled = play([{type: 'scroll', to: 12}]).view;
	const open = play([{type: 'toggleOpen'}], scrolled).view;
	assert.deepEqual(open, {...initialCloseView, openOnly: true});
	assert.deepEqual(play([{type: 'toggleOpen'}], open).view, initialCloseView);
});

test('an answer with no question asked does nothing', () => {
	assert.deepEqual(play([{type: 'answer', yes: true}]), {view: initialCloseView, commands: []});
});

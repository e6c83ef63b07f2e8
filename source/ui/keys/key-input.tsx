import {type Key, useInput} from 'ink';
import {useLayoutEffect, useRef, useState} from 'react';
import type {KeyName, KeyPress} from './keymap.js';

/** The named key Ink recognised in one input event, if it is one the app knows. */
function namedKey(input: string, key: Key): KeyName | undefined {
	const flags: ReadonlyArray<[boolean, KeyName]> = [
		[key.upArrow, 'up'],
		[key.downArrow, 'down'],
		[key.leftArrow, 'left'],
		[key.rightArrow, 'right'],
		[key.pageUp, 'pageup'],
		[key.pageDown, 'pagedown'],
		[key.home, 'home'],
		[key.end, 'end'],
		[key.return, 'enter'],
		[key.escape, 'escape'],
		[key.tab, 'tab'],
		[key.backspace, 'backspace'],
		[key.delete, 'delete'],
		[key.ctrl && input === 'c', 'ctrl-c'],
	];
	return flags.find(([isKey]) => isKey)?.[1];
}

const movesAfterEsc: ReadonlySet<KeyName> = new Set([
	'up',
	'down',
	'left',
	'right',
	'pageup',
	'pagedown',
	'home',
	'end',
]);

/**
 * The presses in one input event: a named key, or each character of a run of text. A terminal
 * can hand over several keys in one read (fast typing, a held key, a slow link); Ink passes such
 * a run as one string, and each of its characters is a press of its own, Enter included.
 */
function keyPresses(input: string, key: Key): KeyPress[] {
	const name = namedKey(input, key);
	// An Esc followed at once by a move's own sequence (ESC ESC [ B), as tmux and fast typists
	// send Esc then ↓, reaches Ink as that move with Meta: it is both keys, Esc first. Alt with
	// Backspace, Delete or Enter is none (Alt-Backspace is a habit in a text field).
	if (key.meta && name && movesAfterEsc.has(name)) {
		return [
			{name: 'escape', text: ''},
			{name, text: ''},
		];
	}

	// Ctrl and Alt with a letter are not the letter: Ctrl-X must not close, nor Alt-a select.
	if (key.meta || (key.ctrl && input !== 'c')) {
		return [];
	}

	if (name) {
		return [{name, text: ''}];
	}

	const presses: KeyPress[] = [];
	for (const character of input) {
		if (character === '\r' || character === '\n') {
			presses.push({name: 'enter', text: ''});
		} else if (character === ' ') {
			presses.push({name: 'space', text: ' '});
		} else if ((character.codePointAt(0) ?? 0) >= 0x20 && character !== '\u007F') {
			presses.push({text: character});
		}
	}

	return presses;
}

/**
 * Hands the app every key press, each acting on the state the previous one left. Keys that
 * arrive together (a run of text, or several events in one read) would all reach handlers built
 * on the last render, so only the first is handled at once; the others are queued and each gets
 * its turn after a commit, from a layout effect, which runs after the screens' own layout
 * effects (this component renders last), so a screen a key opened already has its handlers.
 */
export function KeyInput(props: {readonly onKey: (key: KeyPress) => void}) {
	const latest = useRef(props.onKey);
	latest.current = props.onKey;
	const queue = useRef<KeyPress[]>([]);
	const inLoop = useRef(false);
	// Each change gives the next queued key its turn.
	const [turn, setTurn] = useState(0);

	useInput((input: string, key: Key) => {
		const presses = keyPresses(input, key);
		if (inLoop.current || queue.current.length > 0) {
			queue.current.push(...presses);
		} else {
			const [first, ...rest] = presses;
			queue.current.push(...rest);
			if (first) {
				inLoop.current = true;
				queueMicrotask(() => {
					inLoop.current = false;
				});
				latest.current(first);
			}
		}

		if (queue.current.length > 0) {
			setTurn((count) => count + 1);
		}
	});

	// biome-ignore lint/correctness/useExhaustiveDependencies: runs once per queued key by design.
	useLayoutEffect(() => {
		const key = queue.current.shift();
		if (key) {
			latest.current(key);
		}

		if (queue.current.length > 0) {
			// The next turn comes in a task of its own: a render asked for from a layout effect
			// nests, and React stops after 50 nested renders (a long paste would end the app).
			const next = setTimeout(() => setTurn((count) => count + 1), 0);
			return () => clearTimeout(next);
		}
	}, [turn]);

	return null;
}

import {useStdin} from 'ink';
import {useLayoutEffect, useRef, useState} from 'react';
import {type KeyPress, parseKey} from './keymap.js';

/**
 * Calls the handler with every key press, one key per React commit: keys are queued as they
 * arrive and taken from a layout effect, so each key is handled only after what the previous key
 * changed has rendered and every screen has registered its handlers (they do so in layout
 * effects too). Keys that arrive together (a fast typist over SSH) act in order on fresh state.
 * The raw sequence is kept, which tells Backspace from Delete (Ink's useInput reports both as
 * `delete`).
 */
export function useKeys(handler: (key: KeyPress) => void): void {
	const {internal_eventEmitter: emitter, setRawMode} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;
	const queue = useRef<KeyPress[]>([]);
	const [arrivals, setArrivals] = useState(0);

	useLayoutEffect(() => {
		setRawMode(true);
		const onInput = (sequence: string) => {
			queue.current.push(parseKey(sequence));
			setArrivals((count) => count + 1);
		};

		emitter.on('input', onInput);
		return () => {
			emitter.removeListener('input', onInput);
			setRawMode(false);
		};
	}, [emitter, setRawMode]);

	// biome-ignore lint/correctness/useExhaustiveDependencies: runs once per arrival by design.
	useLayoutEffect(() => {
		const key = queue.current.shift();
		if (key) {
			latest.current(key);
		}

		if (queue.current.length > 0) {
			setArrivals((count) => count + 1);
		}
	}, [arrivals]);
}

import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {type KeyPress, parseKey} from './keymap.js';

/**
 * Calls the handler with every key press while `isActive`. Like Ink's useInput, but it keeps the
 * raw sequence, which tells Backspace from Delete (Ink reports both as `delete`).
 */
export function useKeys(
	handler: (key: KeyPress) => void,
	options: {readonly isActive?: boolean} = {},
): void {
	const {internal_eventEmitter: emitter, setRawMode} = useStdin();
	const isActive = options.isActive ?? true;
	const latest = useRef(handler);
	latest.current = handler;

	useEffect(() => {
		if (!isActive) {
			return;
		}

		setRawMode(true);
		return () => setRawMode(false);
	}, [isActive, setRawMode]);

	useEffect(() => {
		if (!isActive) {
			return;
		}

		const onInput = (sequence: string) => latest.current(parseKey(sequence));
		emitter.on('input', onInput);
		return () => {
			emitter.removeListener('input', onInput);
		};
	}, [isActive, emitter]);
}

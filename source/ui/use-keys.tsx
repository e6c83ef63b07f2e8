import {useInput, useStdin} from 'ink';
import {useCallback, useLayoutEffect, useRef, useState} from 'react';
import {type KeyPress, parseKey} from './keymap.js';

/**
 * Hands the app every key press, each acting on the state the previous one left. Ink reads all
 * the keys of a chunk (a fast typist over SSH: ↓ then Enter) in one synchronous loop, before
 * React renders, so handlers built on the last render would act on stale state. A key that comes
 * alone is handled at once (one commit); the keys after it in the same loop are queued and taken
 * one per commit from a layout effect, which runs after the screens' own layout effects (this
 * component renders last), so a screen a key opened already has its handlers registered.
 * Ink reports Backspace and Delete alike, so a listener added first keeps the raw sequence.
 */
export function KeyInput(props: {readonly onKey: (key: KeyPress) => void}) {
	const {internal_eventEmitter: emitter} = useStdin();
	const latest = useRef(props.onKey);
	latest.current = props.onKey;
	const sequence = useRef('');
	const queue = useRef<KeyPress[]>([]);
	const inLoop = useRef(false);
	const [arrivals, setArrivals] = useState(0);

	// A layout effect subscribes before useInput's passive one, so it hears each key first.
	useLayoutEffect(() => {
		const remember = (raw: string) => {
			sequence.current = raw;
		};

		emitter.on('input', remember);
		return () => {
			emitter.removeListener('input', remember);
		};
	}, [emitter]);

	// Stable, so useInput never re-subscribes (and never falls behind the listener above).
	useInput(
		useCallback(() => {
			const key = parseKey(sequence.current);
			if (inLoop.current || queue.current.length > 0) {
				queue.current.push(key);
				setArrivals((count) => count + 1);
				return;
			}

			inLoop.current = true;
			queueMicrotask(() => {
				inLoop.current = false;
			});
			latest.current(key);
		}, []),
	);

	// biome-ignore lint/correctness/useExhaustiveDependencies: runs once per queued key by design.
	useLayoutEffect(() => {
		const key = queue.current.shift();
		if (key) {
			latest.current(key);
		}

		if (queue.current.length > 0) {
			setArrivals((count) => count + 1);
		}
	}, [arrivals]);

	return null;
}

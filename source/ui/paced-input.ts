/**
 * Ink reads every key of a chunk in one synchronous loop, so when keys arrive together (a fast
 * typist over SSH: ↓ then Enter) handlers built on the last render act on stale state, and
 * ink-select-input opens the row the cursor just left. Ink's useInput even takes up a new handler
 * only in an effect, which React runs some milliseconds after the render, so two keys a few
 * milliseconds apart hit the same stale handler. This stream hands Ink one key at a time, and
 * before each one calls `settle`, which starts a React update: React runs every pending effect
 * before it starts a new update, so once that update has run, every handler is current.
 */

/** Splits terminal input into key sequences; an unfinished escape sequence at the end is `rest`. */
export function splitKeys(text: string): {readonly keys: string[]; readonly rest: string} {
	const keys: string[] = [];
	let index = 0;
	while (index < text.length) {
		if (text[index] !== '\u001B') {
			const character = String.fromCodePoint(text.codePointAt(index) ?? 0);
			keys.push(character);
			index += character.length;
			continue;
		}

		const next = text[index + 1];
		if (next === '[') {
			// CSI: parameters and intermediates (0x20–0x3F), then one final byte (0x40–0x7E).
			let end = index + 2;
			while (end < text.length && text.charCodeAt(end) >= 0x20 && text.charCodeAt(end) <= 0x3f) {
				end++;
			}

			if (end >= text.length) {
				return {keys, rest: text.slice(index)};
			}

			keys.push(text.slice(index, end + 1));
			index = end + 1;
		} else if (next === 'O' && index + 2 < text.length) {
			keys.push(text.slice(index, index + 3));
			index += 3;
		} else if (next === undefined || next === '\u001B') {
			// A lone Escape key press.
			keys.push('\u001B');
			index++;
		} else {
			// Alt with a key.
			keys.push(text.slice(index, index + 2));
			index += 2;
		}
	}

	return {keys, rest: ''};
}

/** Wraps a TTY input stream so that each 'readable' Ink sees carries exactly one key. */
export function pacedInput(
	source: NodeJS.ReadStream,
	settle: () => void = () => undefined,
): NodeJS.ReadStream {
	const listeners = new Set<(...args: unknown[]) => void>();
	const queue: string[] = [];
	let current: string | undefined;
	let scheduled = false;
	let rest = '';

	const deliver = () => {
		scheduled = false;
		current = queue.shift();
		if (current === undefined) {
			return;
		}

		for (const listener of [...listeners]) {
			listener();
		}

		current = undefined;
		schedule();
	};

	// Settle a macrotask after the last key, so its render is done and only its effects are
	// pending; deliver a macrotask after that, once the settling update has run them.
	const schedule = () => {
		if (!scheduled && queue.length > 0) {
			scheduled = true;
			setImmediate(() => {
				settle();
				setImmediate(deliver);
			});
		}
	};

	const onReadable = () => {
		let chunk: unknown = source.read();
		while (chunk !== null) {
			const split = splitKeys(rest + String(chunk));
			rest = split.rest;
			queue.push(...split.keys);
			chunk = source.read();
		}

		schedule();
	};

	const addReadable = (listener: (...args: unknown[]) => void) => {
		if (listeners.size === 0) {
			source.on('readable', onReadable);
		}

		listeners.add(listener);
	};

	const removeReadable = (listener: (...args: unknown[]) => void) => {
		listeners.delete(listener);
		if (listeners.size === 0) {
			source.off('readable', onReadable);
		}
	};

	const proxy: NodeJS.ReadStream = new Proxy(source, {
		get(target, property) {
			switch (property) {
				case 'read':
					return () => {
						const key = current;
						current = undefined;
						return key ?? null;
					};
				case 'on':
				case 'addListener':
					return (event: string, listener: (...args: unknown[]) => void) => {
						if (event === 'readable') {
							addReadable(listener);
						} else {
							target.on(event, listener);
						}

						return proxy;
					};
				case 'off':
				case 'removeListener':
					return (event: string, listener: (...args: unknown[]) => void) => {
						if (event === 'readable') {
							removeReadable(listener);
						} else {
							target.off(event, listener);
						}

						return proxy;
					};
				default: {
					const value: unknown = Reflect.get(target, property, target);
					return typeof value === 'function' ? value.bind(target) : value;
				}
			}
		},
	});
	return proxy;
}

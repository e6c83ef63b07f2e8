import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {Action, KeyPress} from './keymap.js';

/** Handles a key for a screen; true when it used the key, so the app does not. */
export type KeyHandler = (key: KeyPress, action: Action | undefined) => boolean;

/** Where screens register their key handlers; the app offers each key to them first. */
export type KeyRegistry = {
	readonly add: (handler: KeyHandler) => () => void;
};

export const KeyRegistryContext = createContext<KeyRegistry>({add: () => () => undefined});

/**
 * Offers this component every key the app receives, while it is mounted. It registers in a
 * layout effect, at commit, so the next key the app handles already reaches it.
 */
export function useScreenKeys(handler: KeyHandler): void {
	const registry = useContext(KeyRegistryContext);
	const latest = useRef(handler);
	latest.current = handler;
	useLayoutEffect(() => registry.add((key, action) => latest.current(key, action)), [registry]);
}

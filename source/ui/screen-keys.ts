import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {Action, KeyPress} from './keymap.js';

/** Handles a key for a screen; true when it used the key, so the app does not. */
export type KeyHandler = (key: KeyPress, action: Action | undefined) => boolean;

/** Where screens register their key handlers; the app offers each key to them first. */
export type KeyRegistry = {
	readonly add: (handler: KeyHandler) => () => void;
};

export const KeyRegistryContext = createContext<KeyRegistry | undefined>(undefined);

/**
 * Offers the component every key the app receives while it is mounted and `isActive`, like
 * Ink's `useInput`. It registers in a layout effect, at commit, so the next key the app handles
 * already reaches it; the newest handler hears a key first.
 */
export function useScreenKeys(
	handler: KeyHandler,
	options: {readonly isActive?: boolean} = {},
): void {
	const registry = useContext(KeyRegistryContext);
	if (!registry) {
		throw new Error('useScreenKeys is used outside the app: no KeyRegistryContext above it');
	}

	const latest = useRef(handler);
	latest.current = handler;
	const isActive = options.isActive ?? true;
	useLayoutEffect(
		() => (isActive ? registry.add((key, action) => latest.current(key, action)) : undefined),
		[registry, isActive],
	);
}

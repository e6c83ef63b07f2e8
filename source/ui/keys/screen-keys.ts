import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {Action, KeyPress} from './keymap.js';

/** Handles a key; true when it used the key, so that no handler after it hears it. */
export type KeyHandler = (key: KeyPress, action: Action | undefined) => boolean;

/**
 * Who hears a key first: the handlers of the highest layer, and within a layer the newest. This
 * list is the order, whatever order the hooks run or mount in; the app's own keys (help, quit,
 * Ctrl-C) come after them all (`use-app-keys.ts`).
 */
export const keyLayers = {
	/** Hears every key and passes it on: a notice that lasts until the next key. */
	watch: 50,
	/** A question or the help over the screen: its keys are its own. */
	dialog: 40,
	/** What a question does with every key it has no action for: answers no. */
	dialogRest: 35,
	/** Text being typed (the filter): a letter is text there, not a command. */
	typing: 30,
	/** The screen's actions. */
	screen: 20,
} as const;

/** The name of a layer of `keyLayers`. */
export type KeyLayer = keyof typeof keyLayers;

/** Where the screens register their key handlers; the app offers each key to them first. */
export type KeyRegistry = {
	readonly add: (handler: KeyHandler, layer: KeyLayer) => () => void;
	/** Offers a key to the handlers, in their order; true when one used it. */
	readonly offer: (key: KeyPress, action: Action | undefined) => boolean;
};

/** A registry of key handlers, in the order of `keyLayers`, the newest first within a layer. */
export function createKeyRegistry(): KeyRegistry {
	let added = 0;
	const entries: Array<{handler: KeyHandler; rank: number; order: number}> = [];
	return {
		add(handler, layer) {
			const entry = {handler, rank: keyLayers[layer], order: added++};
			entries.push(entry);
			entries.sort((a, b) => b.rank - a.rank || b.order - a.order);
			return () => {
				const at = entries.indexOf(entry);
				if (at !== -1) {
					entries.splice(at, 1);
				}
			};
		},
		offer: (key, action) => [...entries].some((entry) => entry.handler(key, action)),
	};
}

export const KeyRegistryContext = createContext<KeyRegistry | undefined>(undefined);

/**
 * Offers the component every key the app receives while it is mounted and `isActive`, in its
 * layer (the screen's by default). It registers in a layout effect, at commit, so the next key
 * the app handles already reaches it.
 */
export function useScreenKeys(
	handler: KeyHandler,
	options: {readonly isActive?: boolean; readonly layer?: KeyLayer} = {},
): void {
	const registry = useContext(KeyRegistryContext);
	if (!registry) {
		throw new Error('useScreenKeys is used outside the app: no KeyRegistryContext above it');
	}

	const latest = useRef(handler);
	latest.current = handler;
	const isActive = options.isActive ?? true;
	const layer = options.layer ?? 'screen';
	useLayoutEffect(
		() =>
			isActive ? registry.add((key, action) => latest.current(key, action), layer) : undefined,
		[registry, isActive, layer],
	);
}

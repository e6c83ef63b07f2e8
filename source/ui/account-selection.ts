import {createContext, useContext} from 'react';

/**
 * The sessions the operator selected, by account and session id: the selection belongs to the
 * account, so it outlives the sessions screen and is shared by all of the account's pools.
 */
export type SelectionStore = {
	readonly get: (accountId: string) => ReadonlySet<string>;
	readonly set: (accountId: string, selected: ReadonlySet<string>) => void;
};

const none: ReadonlySet<string> = new Set();

/** An empty store, one per app. */
export function createSelectionStore(): SelectionStore {
	const byAccount = new Map<string, ReadonlySet<string>>();
	return {
		get: (accountId) => byAccount.get(accountId) ?? none,
		set: (accountId, selected) => byAccount.set(accountId, selected),
	};
}

/** The app's selections; the app provides one store, a screen alone gets one of its own. */
export const SelectionStoreContext = createContext<SelectionStore>(createSelectionStore());

/** The app's selections, by account. */
export function useSelectionStore(): SelectionStore {
	return useContext(SelectionStoreContext);
}

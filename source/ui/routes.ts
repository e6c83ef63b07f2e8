import {useCallback, useState} from 'react';
import type {Account, Organization, Pool} from '../api/types.js';
import type {Crumb} from './line-layout.js';

/** A screen of the app, with what it shows. */
export type Route =
	| {readonly screen: 'profiles'}
	| {readonly screen: 'organizations'}
	| {readonly screen: 'accounts'; readonly organization?: Organization | undefined}
	| {
			readonly screen: 'pools';
			readonly account: Account;
			readonly organization?: Organization | undefined;
	  }
	| {
			readonly screen: 'sessions';
			readonly account: Account;
			readonly pool: Pool | undefined;
			readonly organization?: Organization | undefined;
	  }
	/** Every active account's sessions in one table (of the organization, when one is chosen). */
	| {readonly screen: 'everyAccount'; readonly organization?: Organization | undefined};

/** Where the operator is, as the header shows it; first the profile in use, if any. */
export function breadcrumb(route: Route, profile: string | undefined): Crumb[] {
	const organizations = {text: 'Organizations', label: true};
	const root = [
		...(profile === undefined ? [] : [{text: profile}]),
		...('organization' in route && route.organization
			? [organizations, {text: route.organization.name ?? route.organization.id}]
			: []),
	];
	const accounts = {text: 'Accounts', label: true};
	if (route.screen === 'profiles') {
		return [{text: 'Profiles', label: true}];
	}

	if (route.screen === 'organizations') {
		return [...root, organizations];
	}

	if (route.screen === 'accounts') {
		return [...root, accounts];
	}

	if (route.screen === 'everyAccount') {
		// "All accounts" is the current level: kept like a name.
		return [...root, accounts, {text: 'All accounts'}];
	}

	const account = {text: route.account.name ?? route.account.id};
	const pools = {text: 'Pools', label: true};
	return route.screen === 'pools'
		? [...root, accounts, account, pools]
		: [
				...root,
				accounts,
				account,
				pools,
				// "All pools" is the current level: kept like a name.
				{text: route.pool ? (route.pool.name ?? route.pool.external_id) : 'All pools'},
			];
}

/**
 * Where the operator is: a stack of screens, with a way in and a way back. With profiles to
 * choose from, the Profiles screen lies under Accounts, as k9s' contexts do; with an account to
 * open on (`--account`, a profile's `account`), its pools lie on top, Esc going to Accounts.
 */
export function useRoutes(withProfiles: boolean, account: Account | undefined) {
	const [stack, setStack] = useState<readonly Route[]>(() => [
		...(withProfiles ? [{screen: 'profiles'} as const] : []),
		{screen: 'accounts'},
		...(account ? [{screen: 'pools', account} as const] : []),
	]);
	const push = useCallback((next: Route) => setStack((previous) => [...previous, next]), []);
	const back = useCallback(
		() => setStack((previous) => (previous.length > 1 ? previous.slice(0, -1) : previous)),
		[],
	);
	/**
	 * The Organizations level, under the first Accounts (of every organization), when the
	 * credential sees more than one; without it, no screen of one organization stays.
	 */
	const organizationLevel = useCallback(
		(present: boolean) =>
			setStack((previous) => {
				const kept = previous.filter(
					(route) =>
						route.screen !== 'organizations' &&
						!(route.screen === 'accounts' && route.organization),
				);
				const at = kept.findIndex((route) => route.screen === 'accounts');
				const next =
					present && at !== -1
						? [...kept.slice(0, at), {screen: 'organizations'} as const, ...kept.slice(at)]
						: kept;
				return next.length === previous.length &&
					next.every((route, index) => route === previous[index])
					? previous
					: next;
			}),
		[],
	);
	return {
		route: stack.at(-1) ?? ({screen: 'accounts'} as const),
		push,
		back,
		organizationLevel,
		/** The screen Esc goes back to, if any. */
		below: stack.at(-2)?.screen,
	};
}

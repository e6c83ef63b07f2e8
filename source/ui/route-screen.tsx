import {defaultPatienceMs} from '../ops/api-health.js';
import {stopGraceMs} from '../ops/stopper.js';
import {AccountsScreen} from './accounts-screen.js';
import type {AppProps} from './app.js';
import {OrganizationsScreen} from './organizations-screen.js';
import {PoolsScreen} from './pools-screen.js';
import {ProfilesScreen} from './profiles-screen.js';
import type {Route} from './routes.js';
import {SessionsScreen} from './sessions/sessions-screen.js';
import type {SessionsView} from './sessions/use-sessions-data.js';
import type {RefreshStatus} from './use-refreshed-at.js';

/**
 * What the sessions screen of a route shows. The same object for the same route, as long as the
 * route stays: the screen's loads depend on it.
 */
const views = new WeakMap<Route, SessionsView>();
function viewOf(route: Extract<Route, {screen: 'sessions' | 'everyAccount'}>): SessionsView {
	const known = views.get(route);
	if (known) {
		return known;
	}

	const view: SessionsView =
		route.screen === 'everyAccount'
			? {kind: 'every', organization: route.organization}
			: {kind: 'account', account: route.account, pool: route.pool};
	views.set(route, view);
	return view;
}

/** The screen of the route the operator is on. */
export function RouteScreen(
	props: AppProps & {
		readonly route: Route;
		readonly width: number;
		readonly height: number;
		readonly active: boolean;
		readonly onRefreshed: (status: RefreshStatus) => void;
		/** Where the cursor was on this screen, when it was there before. */
		readonly initialIndex: number | undefined;
		readonly onHighlight: (index: number) => void;
		readonly push: (route: Route) => void;
		readonly back: () => void;
		/** The screen Esc goes back to, if any. */
		readonly below: Route['screen'] | undefined;
		readonly quit: () => void;
		readonly onSwitch: (name: string) => Promise<void>;
	},
) {
	const {route, push} = props;
	const common = {
		client: props.client,
		width: props.width,
		height: props.height,
		active: props.active,
		onRefreshed: props.onRefreshed,
		refreshSeconds: props.refreshSeconds,
	};
	if (route.screen === 'profiles') {
		return (
			<ProfilesScreen
				profiles={props.profiles ?? []}
				current={props.profile}
				width={props.width}
				height={props.height}
				active={props.active}
				onOpen={() => push({screen: 'accounts'})}
				onSwitch={props.onSwitch}
			/>
		);
	}

	if (route.screen === 'organizations') {
		return (
			<OrganizationsScreen
				{...common}
				initialIndex={props.initialIndex}
				onHighlight={props.onHighlight}
				onOpen={(organization) => push({screen: 'accounts', organization})}
				onBack={props.below ? props.back : undefined}
			/>
		);
	}

	if (route.screen === 'accounts') {
		const {organization} = route;
		return (
			<AccountsScreen
				{...common}
				key={organization?.id ?? '*'}
				organization={organization}
				initialIndex={props.initialIndex}
				onHighlight={props.onHighlight}
				onOpen={(account) =>
					push(
						account
							? {screen: 'pools', account, organization}
							: {screen: 'everyAccount', organization},
					)
				}
				back={props.below ? {to: props.below, run: props.back} : undefined}
			/>
		);
	}

	if (route.screen === 'pools') {
		return (
			<PoolsScreen
				{...common}
				key={route.account.id}
				account={route.account}
				initialIndex={props.initialIndex ?? 0}
				onHighlight={props.onHighlight}
				onOpen={(pool) =>
					push({
						screen: 'sessions',
						account: route.account,
						pool,
						organization: route.organization,
					})
				}
				onBack={props.back}
			/>
		);
	}

	return (
		<SessionsScreen
			{...common}
			key={
				route.screen === 'everyAccount'
					? `every:${route.organization?.id ?? '*'}`
					: `${route.account.id}:${route.pool?.external_id ?? '*'}`
			}
			view={viewOf(route)}
			concurrency={props.concurrency}
			patienceMs={props.patienceMs ?? defaultPatienceMs}
			graceMs={props.graceMs ?? stopGraceMs}
			exportFolder={props.exportFolder}
			onBack={props.back}
			onQuit={props.quit}
		/>
	);
}

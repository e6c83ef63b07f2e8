import {defaultPatienceMs} from '../ops/api-health.js';
import {stopGraceMs} from '../ops/stopper.js';
import {AccountsScreen} from './accounts-screen.js';
import type {AppProps} from './app.js';
import {OrganizationsScreen} from './organizations-screen.js';
import {PoolsScreen} from './pools-screen.js';
import {ProfilesScreen} from './profiles-screen.js';
import type {Route} from './routes.js';
import {SessionsScreen} from './sessions/sessions-screen.js';
import type {RefreshStatus} from './use-refreshed-at.js';

/** The screen of the route the operator is on. */
export function RouteScreen(
	props: AppProps & {
		readonly route: Route;
		readonly width: number;
		readonly height: number;
		readonly active: boolean;
		readonly onRefreshed: (status: RefreshStatus) => void;
		readonly initialIndex: number;
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
				onOpen={(account) => push({screen: 'pools', account, organization})}
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
				initialIndex={props.initialIndex}
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
			key={`${route.account.id}:${route.pool?.external_id ?? '*'}`}
			account={route.account}
			pool={route.pool}
			concurrency={props.concurrency}
			patienceMs={props.patienceMs ?? defaultPatienceMs}
			graceMs={props.graceMs ?? stopGraceMs}
			exportFolder={props.exportFolder}
			onBack={props.back}
			onQuit={props.quit}
		/>
	);
}

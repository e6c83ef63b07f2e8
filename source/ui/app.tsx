import {Box, Text, useApp} from 'ink';
import {Component, type ReactNode, useCallback, useMemo, useRef, useState} from 'react';
import type {FrameClient} from '../api/client.js';
import type {Account} from '../api/types.js';
import {type CredentialSource, describeError} from '../errors.js';
import {resolveAccount} from '../ops/select.js';
import type {ProfileSummary} from '../profiles/summary.js';
import {
	createSelectionStore,
	type SelectionStore,
	SelectionStoreContext,
} from './account-selection.js';
import {useCloseRunning, useCloseViewShown} from './close/close-runs.js';
import {Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {isTooSmall, minimumSize, TooSmall} from './components/too-small.js';
import {CredentialContext} from './credentials.js';
import {
	type ActiveActions,
	ActiveActionsContext,
	AppActionsContext,
	ReadOnlyContext,
	type ScreenAction,
} from './keys/actions.js';
import {KeyInput} from './keys/key-input.js';
import {type KeyRegistry, KeyRegistryContext} from './keys/screen-keys.js';
import {useAppKeys} from './keys/use-app-keys.js';
import {useOrganizationLevel} from './organizations-screen.js';
import type {OpenedProfile} from './profiles-screen.js';
import {RouteScreen} from './route-screen.js';
import {breadcrumb, useRoutes} from './routes.js';
import {LoadCacheContext} from './use-load.js';
import type {RefreshStatus} from './use-refreshed-at.js';
import {useTerminalSize} from './use-terminal-size.js';

/** How the app ends: the exit code the process should return. */
export type AppResult = {readonly code: number};

/** What the app is started with. */
export type AppProps = {
	readonly client: FrameClient;
	/** The API host, or DEMO. */
	readonly connection: string;
	readonly refreshSeconds: number;
	readonly readOnly: boolean;
	readonly concurrency: number;
	/** How long a close waits for an unavailable API before it stops, in ms (default two minutes). */
	readonly patienceMs?: number | undefined;
	/** How long closes in flight get after a stop before they are cancelled, in ms (default 5 s). */
	readonly graceMs?: number | undefined;
	/** The account to open on (`--account`), its pools showing; Esc goes to the accounts. */
	readonly account?: Account | undefined;
	/** The profile in use, which the header shows. */
	readonly profile?: string | undefined;
	/** Where the credential came from, for the advice after a 401 (default: the environment). */
	readonly credentials?: CredentialSource | undefined;
	/** The config file's profiles: with more than one, a Profiles screen lies under Accounts. */
	readonly profiles?: readonly ProfileSummary[];
	/** Connects another profile; the app then starts over on it. */
	readonly openProfile?: (name: string) => Promise<OpenedProfile>;
	/** The folder `e` writes CSV files to: the current one unless said. */
	readonly exportFolder?: string | undefined;
};

/** What the screens work with: the app's props, then those of each profile switched to. */
type Current = Pick<
	AppProps,
	| 'client'
	| 'connection'
	| 'refreshSeconds'
	| 'readOnly'
	| 'concurrency'
	| 'patienceMs'
	| 'profile'
	| 'credentials'
	| 'account'
> & {readonly generation: number};

/**
 * The full-screen app. Switching profile replaces the client and the settings and starts the
 * screens over (a fresh stack, cache and cursor), as a new start on that profile would.
 */
export function App(props: AppProps) {
	const [current, setCurrent] = useState<Current>(() => ({...props, generation: 0}));
	const {openProfile} = props;
	const onSwitch = useCallback(
		async (name: string) => {
			if (!openProfile) {
				return;
			}

			const opened = await openProfile(name);
			// The profile's account, as --account at the start; one that is not there opens Accounts.
			const reference = opened.settings.account;
			const account =
				reference === undefined
					? undefined
					: await resolveAccount(opened.client, reference).catch(() => undefined);
			setCurrent((previous) => ({
				generation: previous.generation + 1,
				client: opened.client,
				connection: opened.label,
				refreshSeconds: opened.settings.refresh,
				readOnly: opened.settings.readOnly,
				concurrency: opened.settings.concurrency,
				patienceMs: opened.settings.patience,
				profile: opened.profile?.name,
				credentials: opened.credentials,
				account,
			}));
		},
		[openProfile],
	);
	return (
		<CredentialContext.Provider value={current.credentials ?? {kind: 'environment'}}>
			<AppScreens key={current.generation} {...props} {...current} onSwitch={onSwitch} />
		</CredentialContext.Provider>
	);
}

/** Turns a rendering bug into an exit with its one-line message instead of Ink's stack trace. */
class ErrorBoundary extends Component<
	{readonly onError: (error: Error) => void; readonly children: ReactNode},
	{failed: boolean}
> {
	override state = {failed: false};

	static getDerivedStateFromError() {
		return {failed: true};
	}

	override componentDidCatch(error: Error) {
		this.props.onError(error);
	}

	override render() {
		return this.state.failed ? <Text>frame-tui stopped on an error.</Text> : this.props.children;
	}
}

/** The screens: [profiles →] accounts → pools → sessions, one key map, a header and a footer. */
function AppScreens(props: AppProps & {readonly onSwitch: (name: string) => Promise<void>}) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const {route, push, back, organizationLevel, below} = useRoutes(
		(props.profiles?.length ?? 0) > 1,
		props.account,
	);
	useOrganizationLevel(props.client, organizationLevel);
	const [help, setHelp] = useState(false);
	const [status, setStatus] = useState<RefreshStatus>({
		loadedAt: undefined,
		loading: false,
		failed: false,
	});
	const highlights = useRef(new Map<string, number>());
	const activeActions = useMemo<ActiveActions>(() => ({current: []}), []);
	const cache = useMemo(() => new Map(), []);
	const selections = useMemo(createSelectionStore, []);
	// While a close runs, its view stays in charge on a small window: q and Ctrl-C ask there too;
	// once it is done, its notice still says how it ended.
	const running = useCloseRunning();
	const closeShown = useCloseViewShown();
	const closing = running || closeShown;
	const tooSmall = isTooSmall({columns, rows});
	const noticeOnly = tooSmall && !closing;
	// A window too small hides the help: it must not hear keys meant for the notice (q would only close it).
	const helpShown = help && !tooSmall;
	const {registry, quit, appActions, onKey} = useAppKeys({
		help: helpShown,
		setHelp,
		tooSmall,
		screensHear: !noticeOnly,
	});

	// Ink clears and redraws the whole terminal when a frame is as tall as it, so stay one row short.
	const height = Math.max(minimumSize.rows, rows) - 1;
	const bodyHeight = height - 1;
	const highlightKey =
		route.screen === 'accounts'
			? `accounts:${route.organization?.id ?? '*'}`
			: route.screen === 'profiles' ||
					route.screen === 'organizations' ||
					route.screen === 'everyAccount'
				? route.screen
				: `pools:${route.account.id}`;
	const onHighlight = useCallback(
		(index: number) => highlights.current.set(highlightKey, index),
		[highlightKey],
	);
	const screen = (
		<RouteScreen
			{...props}
			route={route}
			width={columns}
			height={bodyHeight}
			active={!helpShown && !noticeOnly}
			onRefreshed={setStatus}
			initialIndex={highlights.current.get(highlightKey)}
			onHighlight={onHighlight}
			push={push}
			back={back}
			below={below}
			quit={quit}
		/>
	);

	return (
		<ErrorBoundary onError={(error) => exit(new Error(describeError(error).line))}>
			<AppContexts
				registry={registry}
				readOnly={props.readOnly}
				appActions={appActions}
				activeActions={activeActions}
				cache={cache}
				selections={selections}
			>
				<Box flexDirection="column" width={columns} height={tooSmall ? rows - 1 : height}>
					{noticeOnly ? (
						<TooSmall columns={columns} rows={rows}>
							<Text>q quits.</Text>
						</TooSmall>
					) : tooSmall ? null : (
						<Header
							width={columns}
							connection={props.connection}
							breadcrumb={breadcrumb(route, props.profile)}
							status={status}
							readOnly={props.readOnly}
						/>
					)}
					{helpShown ? (
						<HelpOverlay
							width={columns}
							height={bodyHeight}
							actions={activeActions.current}
							appActions={activeActions.appActions}
						/>
					) : null}
					{/* Hidden, not unmounted: the help or a small window must not lose a selection or stop a close. */}
					<Box display={helpShown || noticeOnly ? 'none' : 'flex'} flexDirection="column">
						{screen}
					</Box>
				</Box>
				{/* Last, so its layout effect runs after the screens have registered theirs. */}
				<KeyInput onKey={onKey} />
			</AppContexts>
		</ErrorBoundary>
	);
}

/** What the screens read from the app: where keys go, read-only, its actions, the cache, the selections. */
function AppContexts(props: {
	readonly registry: KeyRegistry;
	readonly readOnly: boolean;
	readonly appActions: readonly ScreenAction[];
	readonly activeActions: ActiveActions;
	readonly cache: Map<string, {readonly data: unknown; readonly loadedAt: Date}>;
	readonly selections: SelectionStore;
	readonly children: ReactNode;
}) {
	return (
		<KeyRegistryContext.Provider value={props.registry}>
			<ReadOnlyContext.Provider value={props.readOnly}>
				<AppActionsContext.Provider value={props.appActions}>
					<ActiveActionsContext.Provider value={props.activeActions}>
						<LoadCacheContext.Provider value={props.cache}>
							<SelectionStoreContext.Provider value={props.selections}>
								{props.children}
							</SelectionStoreContext.Provider>
						</LoadCacheContext.Provider>
					</ActiveActionsContext.Provider>
				</AppActionsContext.Provider>
			</ReadOnlyContext.Provider>
		</KeyRegistryContext.Provider>
	);
}

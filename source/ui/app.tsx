import {Box, Text, useApp} from 'ink';
import {Component, type ReactNode, useCallback, useMemo, useRef, useState} from 'react';
import type {FrameClient} from '../api/client.js';
import type {Account, Pool} from '../api/types.js';
import {describeError} from '../errors.js';
import {AccountsScreen} from './accounts-screen.js';
import {Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {KeyInput} from './key-input.js';
import {actionFor, type KeyPress} from './keymap.js';
import {PoolsScreen} from './pools-screen.js';
import {type KeyHandler, type KeyRegistry, KeyRegistryContext} from './screen-keys.js';
import {SessionsScreen} from './sessions/sessions-screen.js';
import {LoadCacheContext} from './use-load.js';

import {useTerminalSize} from './use-terminal-size.js';

/** The smallest terminal the layout works in. */
export const minimumSize = {columns: 60, rows: 15} as const;

type Route =
	| {readonly screen: 'accounts'}
	| {readonly screen: 'pools'; readonly account: Account}
	| {readonly screen: 'sessions'; readonly account: Account; readonly pool: Pool | undefined};

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
};

function breadcrumb(route: Route): string[] {
	if (route.screen === 'accounts') {
		return ['Accounts'];
	}

	const account = route.account.name ?? route.account.id;
	return route.screen === 'pools'
		? ['Accounts', account, 'Pools']
		: [
				'Accounts',
				account,
				'Pools',
				route.pool ? (route.pool.name ?? route.pool.external_id) : 'All pools',
			];
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

/** The full-screen app: accounts → pools → sessions, one key map, a header and a footer. */
export function App(props: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [stack, setStack] = useState<readonly Route[]>([{screen: 'accounts'}]);
	const [help, setHelp] = useState(false);
	const [refreshedAt, setRefreshedAt] = useState<Date | undefined>(undefined);
	const highlights = useRef(new Map<string, number>());
	const handlers = useRef(new Set<KeyHandler>());
	const cache = useMemo(() => new Map(), []);
	const registry: KeyRegistry = useMemo(
		() => ({
			add(handler) {
				handlers.current.add(handler);
				return () => handlers.current.delete(handler);
			},
		}),
		[],
	);
	const route = stack.at(-1) ?? {screen: 'accounts'};
	const push = (next: Route) => setStack((previous) => [...previous, next]);
	const back = useCallback(
		() => setStack((previous) => (previous.length > 1 ? previous.slice(0, -1) : previous)),
		[],
	);
	const quit = useCallback(() => exit({code: 0} satisfies AppResult), [exit]);
	const tooSmall = columns < minimumSize.columns || rows < minimumSize.rows;

	const onKey = (key: KeyPress) => {
		const action = actionFor(key);
		if (help) {
			setHelp(false);
			return;
		}

		// The newest handler first: a screen's dialog before the screen. A hidden screen gets none.
		for (const handler of tooSmall ? [] : [...handlers.current].reverse()) {
			if (handler(key, action)) {
				return;
			}
		}

		if (action === 'help') {
			setHelp(true);
		} else if (action === 'quit') {
			quit();
		} else if (action === 'interrupt') {
			exit({code: 130} satisfies AppResult);
		}
	};

	// Ink clears and redraws the whole terminal when a frame is as tall as it, so stay one row short.
	const height = Math.max(minimumSize.rows, rows) - 1;
	const bodyHeight = height - 1;
	const highlightKey = route.screen === 'accounts' ? 'accounts' : `pools:${route.account.id}`;
	const remember = (index: number) => highlights.current.set(highlightKey, index);
	const common = {
		client: props.client,
		width: columns,
		height: bodyHeight,
		active: !help && !tooSmall,
		onRefreshed: setRefreshedAt,
	};
	let screen: ReactNode;
	if (route.screen === 'accounts') {
		screen = (
			<AccountsScreen
				{...common}
				initialIndex={highlights.current.get(highlightKey) ?? 0}
				onHighlight={remember}
				onOpen={(account) => push({screen: 'pools', account})}
			/>
		);
	} else if (route.screen === 'pools') {
		screen = (
			<PoolsScreen
				{...common}
				key={route.account.id}
				account={route.account}
				initialIndex={highlights.current.get(highlightKey) ?? 0}
				onHighlight={remember}
				onOpen={(pool) => push({screen: 'sessions', account: route.account, pool})}
				onBack={back}
			/>
		);
	} else {
		screen = (
			<SessionsScreen
				{...common}
				key={`${route.account.id}:${route.pool?.external_id ?? '*'}`}
				account={route.account}
				pool={route.pool}
				refreshSeconds={props.refreshSeconds}
				readOnly={props.readOnly}
				concurrency={props.concurrency}
				onBack={back}
				onQuit={quit}
			/>
		);
	}

	return (
		<ErrorBoundary onError={(error) => exit(new Error(describeError(error).line))}>
			<KeyRegistryContext.Provider value={registry}>
				<LoadCacheContext.Provider value={cache}>
					<Box flexDirection="column" width={columns} height={tooSmall ? rows - 1 : height}>
						{tooSmall ? (
							<Box flexDirection="column">
								<Text bold>The window is too small.</Text>
								<Text>{`frame-tui needs ${minimumSize.columns}×${minimumSize.rows};`}</Text>
								<Text>{`this one is ${columns}×${rows}.`}</Text>
								<Text>q quits.</Text>
							</Box>
						) : (
							<Header
								width={columns}
								connection={props.connection}
								breadcrumb={breadcrumb(route)}
								refreshedAt={refreshedAt}
								readOnly={props.readOnly}
							/>
						)}
						{help && !tooSmall ? <HelpOverlay width={columns} height={bodyHeight} /> : null}
						{/* Hidden, not unmounted: the help or a small window must not lose a selection or stop a close. */}
						<Box display={help || tooSmall ? 'none' : 'flex'} flexDirection="column">
							{screen}
						</Box>
					</Box>
				</LoadCacheContext.Provider>
				{/* Last, so its layout effect runs after the screens have registered theirs. */}
				<KeyInput onKey={onKey} />
			</KeyRegistryContext.Provider>
		</ErrorBoundary>
	);
}

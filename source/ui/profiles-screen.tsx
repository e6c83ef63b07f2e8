import {Text} from 'ink';
import {useState} from 'react';
import type {FrameClient} from '../api/client.js';
import type {CredentialSource} from '../errors.js';
import {describeError} from '../errors.js';
import type {ProfileSummary} from '../profiles/summary.js';
import type {ActiveProfile, Settings} from '../settings.js';
import {useCloseRuns} from './close/close-runs.js';
import {ScreenLayout} from './components/screen-layout.js';
import {SelectTable} from './components/select-table.js';
import {moveActions, useAppActions, useScreenActions} from './keys/actions.js';
import {type ColumnSpec, fitCell} from './table-layout.js';
import {useTheme} from './theme.js';
import {useCursor} from './viewport.js';

/** Another profile, connected: its client, what the header calls it, its settings. */
export type OpenedProfile = {
	readonly client: FrameClient;
	readonly label: string;
	readonly settings: Settings;
	readonly profile: ActiveProfile | undefined;
	/** Where its credential came from, for the advice after a 401. */
	readonly credentials: CredentialSource;
};

const columns: readonly ColumnSpec[] = [
	{header: '', min: 1, max: 1},
	{header: 'Profile', min: 10, weight: 2, max: 30},
	{header: 'Client id', min: 10, weight: 2, max: 36},
	{header: 'API host', min: 12, weight: 3},
	{header: 'Secret', min: 7, max: 7},
	{header: 'Read-only', min: 9, max: 9},
];

/**
 * The config file's profiles, above Accounts (k9s' contexts): Enter on the active one goes down
 * to its accounts; on another it connects that profile, and the app starts over on it. Not while
 * a close runs: its results belong to the client that sends them.
 */
export function ProfilesScreen(props: {
	readonly profiles: readonly ProfileSummary[];
	/** The profile in use, if the credentials come from one. */
	readonly current: string | undefined;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	readonly onOpen: () => void;
	readonly onSwitch: (name: string) => Promise<void>;
}) {
	const theme = useTheme();
	const runs = useCloseRuns();
	const [notice, setNotice] = useState<{readonly text: string; readonly error?: boolean}>();
	const [switching, setSwitching] = useState(false);
	const {profiles, current} = props;
	const open = (profile: ProfileSummary) => {
		if (profile.name === current) {
			props.onOpen();
		} else if (runs.current()) {
			setNotice({text: 'A close is running: switch profiles once it has ended.', error: true});
		} else if (!switching) {
			setSwitching(true);
			setNotice({text: `Connecting to ${profile.name}…`});
			props.onSwitch(profile.name).catch((error: unknown) => {
				setSwitching(false);
				setNotice({text: `${profile.name}: ${describeError(error).line}`, error: true});
			});
		}
	};

	const cursor = useCursor(
		profiles.length,
		props.height - 2,
		Math.max(
			0,
			profiles.findIndex((profile) => profile.name === current),
		),
	);
	const actions = useScreenActions(
		[
			...moveActions((to) => cursor.move(to)),
			{
				action: 'open',
				does: 'use profile',
				run() {
					const profile = profiles[cursor.index];
					if (profile) {
						open(profile);
					}
				},
			},
			...useAppActions(),
		],
		{isActive: props.active && !switching},
	);

	return (
		<ScreenLayout
			width={props.width}
			height={props.height}
			actions={actions}
			bottom={
				notice ? (
					<Text color={notice.error ? theme.error : theme.accent}>
						{fitCell(` ${notice.text}`, props.width)}
					</Text>
				) : undefined
			}
		>
			<SelectTable
				columns={columns}
				rows={profiles.map((profile) => ({
					key: profile.name,
					value: profile,
					cells: [
						profile.name === current ? '●' : '',
						profile.name,
						profile.clientId,
						profile.apiHost,
						profile.secret,
						profile.readOnly ? 'yes' : 'no',
					],
					emphasis: profile.readOnly,
				}))}
				width={props.width}
				height={props.height - 1}
				index={cursor.index}
			/>
		</ScreenLayout>
	);
}

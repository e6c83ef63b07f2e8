import {useCallback, useEffect, useMemo} from 'react';
import type {FrameClient} from '../api/client.js';
import type {Organization} from '../api/types.js';
import {plural} from '../format/text.js';
import {visibleOrganizations} from '../ops/organizations.js';
import {ListBody} from './components/list-body.js';
import {bodyRows, ScreenLayout} from './components/screen-layout.js';
import type {SelectRow} from './components/select-table.js';
import {useListActions} from './keys/use-list-actions.js';
import {loadProblem} from './load-status.js';
import type {ColumnSpec} from './table-layout.js';
import {type LoadFunction, useLoad} from './use-load.js';
import {type RefreshStatus, useRefreshedAt} from './use-refreshed-at.js';

const columns: readonly ColumnSpec[] = [
	{header: 'Name', min: 12, weight: 3},
	{header: 'Id', min: 12, weight: 2, max: 40},
	{header: 'Website', min: 10, weight: 2, giveWay: 1},
];

/** The rows: "All organizations" first, which opens the accounts of every one; then each. */
function organizationRows(
	organizations: readonly Organization[],
): SelectRow<Organization | undefined>[] {
	return organizations.length > 0
		? [
				{key: '*all*', value: undefined, cells: ['All organizations', '', '']},
				...organizations.map(organizationRow),
			]
		: [];
}

/** An organization as a row of the table. */
function organizationRow(organization: Organization): SelectRow<Organization> {
	return {
		key: organization.id,
		value: organization,
		cells: [organization.name ?? '—', organization.id, organization.website ?? '—'],
	};
}

/**
 * Whether the credential sees more than one organization, asked once per client: then the app
 * has an Organizations level above Accounts. A credential refused the list (scoped to one
 * organization or account), or one that cannot be asked now, has no such level.
 */
export function useOrganizationLevel(client: FrameClient, show: (present: boolean) => void) {
	useEffect(() => {
		let current = true;
		visibleOrganizations(client).then(
			(organizations) => current && show((organizations?.length ?? 0) > 1),
			() => current && show(false),
		);
		return () => {
			current = false;
		};
	}, [client, show]);
}

/** The organizations the credentials see; Enter opens one's accounts. */
export function OrganizationsScreen(props: {
	readonly client: FrameClient;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	/** Where the cursor was; on the first organization (past "All organizations") at first. */
	readonly initialIndex: number | undefined;
	readonly onHighlight: (index: number) => void;
	/** Opens an organization's accounts, or every account the credential sees when undefined. */
	readonly onOpen: (organization: Organization | undefined) => void;
	readonly onRefreshed: (status: RefreshStatus) => void;
	readonly refreshSeconds: number;
	/** Back to the Profiles screen, when there is one. */
	readonly onBack?: (() => void) | undefined;
}) {
	const {client} = props;
	const organizations = useLoad(
		'organizations',
		useCallback<LoadFunction<readonly Organization[]>>(
			(signal, onRetry) => client.listOrganizations({signal, onRetry}),
			[client],
		),
		{everyMs: props.refreshSeconds * 1000, when: 'failed'},
	);
	useRefreshedAt(organizations, props.onRefreshed);
	const rows = useMemo(() => organizationRows(organizations.data ?? []), [organizations.data]);
	const problem = loadProblem(organizations);
	const bodyHeight = bodyRows(props.height, problem);
	const {cursor, actions} = useListActions({
		rows,
		height: bodyHeight - 2,
		isActive: props.active,
		initialIndex: props.initialIndex,
		startIndex: 1,
		onHighlight: props.onHighlight,
		opens: 'accounts',
		onOpen: (row) => props.onOpen(row.value),
		reload: organizations.reload,
		more: props.onBack ? [{action: 'back', does: 'profiles', run: props.onBack}] : [],
	});

	return (
		<ScreenLayout width={props.width} height={props.height} actions={actions} problem={problem}>
			<ListBody
				load={organizations}
				what="organizations"
				loading="Loading organizations…"
				empty={{
					title: 'No organizations',
					line: 'No organizations are visible to these credentials.',
				}}
				columns={columns}
				rows={rows}
				idColumn={1}
				status={plural(organizations.data?.length ?? 0, 'organization')}
				width={props.width}
				height={bodyHeight}
				index={cursor.index}
			/>
		</ScreenLayout>
	);
}

import type {Organization} from '../api/types.js';
import {visibleOrganizations} from '../ops/organizations.js';
import {rawCell as raw} from '../ops/session-record.js';
import {printJson, println} from '../output.js';
import type {CommandContext} from './context.js';
import {printListing} from './listing.js';

/**
 * `frame-tui organizations`: the organizations the credentials see, every page of them. A
 * credential scoped to one organization or account sees none, and is told so (exit 0).
 */
export async function organizationsCommand({client, io, flags}: CommandContext): Promise<number> {
	const organizations = await visibleOrganizations(client);
	if (organizations === undefined) {
		if (flags.output === 'json') {
			printJson(io.stdout, []);
		}

		println(
			io.stderr,
			'These credentials see no organizations: they are scoped to one organization or account ("frame-tui accounts" lists what they see).',
		);
		return 0;
	}

	printListing<Organization>(io, flags.output, flags.headers, {
		rows: organizations,
		columns: [
			{header: 'name', value: (organization) => organization.name ?? '—'},
			{header: 'id', value: (organization) => organization.id},
			{header: 'website', value: (organization) => organization.website ?? '—', giveWay: 1},
		],
		fields: [
			{header: 'id', value: (organization) => organization.id},
			{header: 'name', value: (organization) => raw(organization.name)},
			{header: 'url_slug', value: (organization) => raw(organization.url_slug)},
			{header: 'description', value: (organization) => raw(organization.description)},
			{header: 'website', value: (organization) => raw(organization.website)},
		],
		json: () => organizations,
		empty: 'No organizations are visible to these credentials.',
	});
	return 0;
}

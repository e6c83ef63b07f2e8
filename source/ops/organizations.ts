/**
 * The organization level: a customer's groups of accounts. A credential scoped to one
 * organization or one account is refused `GET /organizations` (403 or 404); for it there is no
 * such level, which is no error (frame-api.md).
 */
import type {FrameClient} from '../api/client.js';
import {ForbiddenError, NotFoundError} from '../api/errors.js';
import type {Organization} from '../api/types.js';
import {UsageError} from '../errors.js';

/** The organizations the credential sees, every page; undefined when it sees no organization level. */
export async function visibleOrganizations(
	client: FrameClient,
): Promise<readonly Organization[] | undefined> {
	try {
		return await client.listOrganizations();
	} catch (error) {
		if (error instanceof ForbiddenError || error instanceof NotFoundError) {
			return undefined;
		}

		throw error;
	}
}

/** The organization `--org` names, by id or by its name (case aside, when only one has it). */
export async function resolveOrganization(
	client: FrameClient,
	reference: string,
): Promise<Organization> {
	const organizations = await visibleOrganizations(client);
	if (organizations === undefined) {
		throw new UsageError(
			'--org: these credentials see no organizations (they are scoped to one organization or account); leave --org out',
		);
	}

	const byId = organizations.find((organization) => organization.id === reference);
	if (byId) {
		return byId;
	}

	const byName = organizations.filter(
		(organization) => organization.name?.toLowerCase() === reference.toLowerCase(),
	);
	if (byName.length > 1) {
		throw new UsageError(
			`${byName.length} organizations are named "${reference}": use the organization id`,
		);
	}

	if (!byName[0]) {
		throw new UsageError(
			`no organization "${reference}": "frame-tui organizations" lists the organizations`,
		);
	}

	return byName[0];
}

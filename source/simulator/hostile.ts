import type {RawOrganization, SimAccount, SimSession} from './data.js';

/**
 * Unusual but possible data a Frame API could send, each piece aimed at a terminal: what the
 * simulator's `hostile` option seeds, and what the tests look for (raw on no output, visible
 * as escapes on every screen).
 */
export const hostileText = {
	/** OSC 0: retitles the terminal window. */
	title: '\u001B]0;PWNED\u0007',
	/** OSC 52: writes the clipboard ("pwned" in base64). */
	clipboard: '\u001B]52;c;cHduZWQ=\u0007',
	/** CSI 2J: clears the screen. */
	clear: '\u001B[2J',
	/** A carriage return and a fake tail: the name overwrites its own line. */
	overwrite: '\r  Test (test): 1',
	/** A right-to-left override: what follows reads backwards. */
	rightToLeft: '\u202Egnp.exe',
	/** A C1 control (CSI in 8 bits) and a zero-width space. */
	c1: '\u009B2J\u200B',
	/** Wide characters, to check that columns still line up. */
	wide: '研修 🖥️',
	/** A formula a spreadsheet would run from a CSV export: the whole user of a session. */
	formula: '=HYPERLINK("https://evil.example","open")',
} as const;

/** The id of the extra account whose id is a dot segment. */
const dotAccountId = '..';

/** The organizations, the first one's name retitling the window. */
export function hostileOrganizations(
	organizations: readonly RawOrganization[],
): readonly RawOrganization[] {
	return organizations.map((organization, index) =>
		index === 0
			? {...organization, name: `${organization.name}${hostileText.title}`}
			: organization,
	);
}

/** Turns seeded data hostile: names, users and ids that carry terminal controls, and dot ids. */
export function makeHostile(data: Map<string, SimAccount>): void {
	const [first] = data.values();
	if (!first) {
		return;
	}

	const production = first.pools.find((pool) => pool.kind === 'production');
	const other = first.pools.find((pool) => pool.kind !== 'production');
	data.set(first.account.id, {
		...first,
		account: {...first.account, name: `${first.account.name}${hostileText.title}`},
		pools: first.pools.map((pool) =>
			pool === production
				? {...pool, name: `${pool.name}${hostileText.overwrite}`}
				: pool === other
					? {...pool, name: `${hostileText.wide} ${pool.name}`}
					: pool,
		),
	});

	const tails = [hostileText.clipboard, hostileText.clear, hostileText.rightToLeft, hostileText.c1];
	const sessions = [...first.sessions.values()];
	for (const [index, tail] of tails.entries()) {
		const session = sessions[index];
		if (session) {
			session.user_email = `${tail}${session.user_email}`;
		}
	}

	const spreadsheet = sessions[tails.length];
	if (spreadsheet) {
		spreadsheet.user_email = hostileText.formula;
	}

	// Ids a URL would fold into another endpoint: ".." is the account, "." the collection.
	for (const id of ['.', '..']) {
		const session: SimSession = {
			id,
			pool_id: production?.external_id,
			state: 'open',
			user_email: `dot${id.length}@example.com`,
		};
		first.sessions.set(id, session);
	}

	data.set(dotAccountId, {
		account: {id: dotAccountId, name: 'Dot Account', active: true},
		organizationId: first.organizationId,
		pools: [],
		sessions: new Map(),
	});
}

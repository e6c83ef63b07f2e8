import type {FrameClient} from '../api/client.js';
import {ForbiddenError} from '../api/errors.js';
import type {Account} from '../api/types.js';
import {UsageError} from '../errors.js';

/** A stream the commands print to; `isTTY` decides prompts and live progress. */
export type Output = {write(text: string): unknown; readonly isTTY?: boolean};

/** The process's streams, injected so commands never reach for globals. */
export type Io = {
	readonly stdout: Output;
	readonly stderr: Output;
	readonly stdin: NodeJS.ReadableStream & {readonly isTTY?: boolean};
};

/** The parsed flags every headless command reads from. */
export type CommandFlags = {
	readonly json: boolean;
	readonly account: string | undefined;
	readonly pool: readonly string[];
	readonly kind: string | undefined;
	readonly session: readonly string[];
	readonly all: boolean;
	readonly dryRun: boolean;
	readonly yes: boolean;
	readonly concurrency: number;
};

/** What a headless command runs with. */
export type CommandContext = {
	readonly client: FrameClient;
	readonly io: Io;
	readonly flags: CommandFlags;
	readonly now: () => number;
	/** Calls the listener on Ctrl-C (SIGINT) until the returned function is called. */
	readonly onInterrupt: (listener: () => void) => () => void;
};

/** Writes text and a newline. */
export function println(output: Output, text = ''): void {
	output.write(`${text}\n`);
}

/** Writes one JSON document. */
export function printJson(output: Output, value: unknown): void {
	println(output, JSON.stringify(value, null, 2));
}

/** The account named by `--account`: its id, or its name when that is unique. */
export async function resolveAccount(
	client: FrameClient,
	reference: string | undefined,
): Promise<Account> {
	if (!reference) {
		throw new UsageError('--account is required: "frame-tui accounts" lists the accounts');
	}

	let accounts: readonly Account[];
	try {
		accounts = await client.listAccounts();
	} catch (error) {
		// Credentials scoped to one account may not list accounts; take the id as given.
		if (error instanceof ForbiddenError) {
			return {id: reference};
		}

		throw error;
	}

	const byId = accounts.find((account) => account.id === reference);
	if (byId) {
		return byId;
	}

	const byName = accounts.filter(
		(account) => account.name?.toLowerCase() === reference.toLowerCase(),
	);
	if (byName.length > 1) {
		throw new UsageError(`${byName.length} accounts are named "${reference}": use the account id`);
	}

	if (!byName[0]) {
		throw new UsageError(`no account "${reference}": "frame-tui accounts" lists the accounts`);
	}

	return byName[0];
}

/** An account as people read it: "Tradeshow Demo (gateway-prod.664366)". */
export function describeAccount(account: Account): string {
	return account.name ? `${account.name} (${account.id})` : account.id;
}

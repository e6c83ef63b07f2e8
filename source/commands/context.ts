import type {FrameClient} from '../api/client.js';
import {ForbiddenError} from '../api/errors.js';
import type {Account} from '../api/types.js';
import {UsageError} from '../errors.js';
import {sanitize, terminalSafeJson} from '../format/sanitize.js';

/** A stream the commands print to; `isTTY` decides prompts and live progress. */
export type Output = {
	/** Like a Node stream's: the callback runs once this text has been handed on. */
	write(text: string, callback?: (error?: Error | null) => void): unknown;
	readonly isTTY?: boolean;
};

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
	/**
	 * Calls the listener on each SIGINT, SIGTERM or SIGHUP instead of letting it end the process,
	 * until the returned function is called. A listener that answers 'exit' ends the process
	 * at once, with the signal's exit code.
	 */
	readonly onStop: (listener: (signal: StopSignal) => 'exit' | undefined) => () => void;
};

/** The signals that ask frame-tui to stop; each has its exit code in `exitCodes`. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** Writes one line: text from outside is sanitized, a newline in it shown as `\n`. */
export function println(output: Output, text = ''): void {
	output.write(`${sanitize(text)}\n`);
}

/** Writes lines, each sanitized like `println`, in large chunks rather than one write a line. */
export function printLines(output: Output, lines: Iterable<string>): void {
	let chunk = '';
	for (const line of lines) {
		chunk += `${sanitize(line)}\n`;
		if (chunk.length >= 1 << 20) {
			output.write(chunk);
			chunk = '';
		}
	}

	if (chunk !== '') {
		output.write(chunk);
	}
}

/** Resolves once everything written so far has left the process (or the stream failed). */
export function drained(output: Output): Promise<void> {
	return new Promise((resolve) => {
		output.write('', () => resolve());
	});
}

/** Writes one JSON document: strings exact, yet no raw control character and no secret. */
export function printJson(output: Output, value: unknown): void {
	output.write(`${terminalSafeJson(value, 2)}\n`);
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

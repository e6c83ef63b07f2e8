import type {FrameClient} from '../api/client.js';
import type {Auditor} from '../audit/events.js';
import type {OnStop} from '../errors.js';
import type {SelectionFlags} from '../ops/session-query.js';
import type {Io} from '../output.js';
import type {OutputFormat} from './listing.js';

/** The parsed flags every headless command reads from. */
export type CommandFlags = SelectionFlags & {
	/** `--json`, or `-o json`. */
	readonly json: boolean;
	/** How a listing prints (`-o`); `json` with --json. */
	readonly output: OutputFormat;
	/** False with --no-headers: tables and CSV without their header line. */
	readonly headers: boolean;
	readonly account: string | undefined;
	/** `--org`: an organization's id or name. */
	readonly org: string | undefined;
	readonly pool: readonly string[];
	readonly kind: string | undefined;
	readonly session: readonly string[];
	readonly all: boolean;
	/** `--all-accounts`: every active account at once (of `--org`, when given). */
	readonly allAccounts: boolean;
	readonly dryRun: boolean;
	readonly yes: boolean;
	readonly concurrency: number;
	/** How long a close waits for an unavailable API before it stops, in ms. */
	readonly patience: number;
	/** `close --retry`: close what an earlier close left open. */
	readonly retry: boolean;
	/** `close --retry RUN_ID`: which close, by its run id or a prefix; the account's last when absent. */
	readonly retryRun: string | undefined;
	/** Why the run is read-only (`--read-only`, `profile NAME`), if it is: `close` refuses unless it is a dry run. */
	readonly readOnly: string | undefined;
	/** `audit`: only runs that started this recently (a duration such as 7d). */
	readonly since: string | undefined;
	/** `audit --sessions`: every session's result too. */
	readonly auditSessions: boolean;
};

/** What a headless command runs with. */
export type CommandContext = {
	readonly client: FrameClient;
	readonly io: Io;
	readonly flags: CommandFlags;
	readonly now: () => number;
	/** How long closes in flight get after a stop before they are cancelled, in ms. */
	readonly graceMs?: number;
	/** Writes the audit log of a close; undefined when the log is off (`--no-audit`). */
	readonly audit?: Auditor | undefined;
	/** Where the audit log is, for `close --retry`, which reads it back. */
	readonly auditLog: string;
	/**
	 * The flags that made this run's connection and let it close, which a command line printed
	 * for a later run repeats: `--profile NAME`, `--no-read-only`.
	 */
	readonly sameRun?: readonly string[];
	/** Hears the stop signals for as long as the command wants them. */
	readonly onStop: OnStop;
};

export type {StopSignal} from '../errors.js';

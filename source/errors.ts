import {AuthenticationError, ClientConfigError, ForbiddenError} from './api/errors.js';

/** Bad input or configuration: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

/** The CLI's documented exit codes. */
export const exitCodes = {
	ok: 0,
	failed: 1,
	usage: 2,
	/** SIGINT, Ctrl-C: 128 + 2. */
	interrupted: 130,
	/** SIGTERM: 128 + 15. */
	terminated: 143,
	/** SIGHUP: 128 + 1. */
	hungUp: 129,
} as const;

/** The signals that ask frame-tui to stop; each has its exit code in `exitCodes`. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/**
 * Calls the listener on each SIGINT, SIGTERM or SIGHUP instead of letting it end the process,
 * until the returned function is called. A listener that answers 'exit' ends the process at
 * once, with the signal's exit code. Only cli/main.ts touches the process's signals; everything
 * else is handed this.
 */
export type OnStop = (listener: (signal: StopSignal) => 'exit' | undefined) => () => void;

/** The exit code that reports a stop by this signal. */
export function signalExitCode(signal: StopSignal): number {
	return signal === 'SIGINT'
		? exitCodes.interrupted
		: signal === 'SIGTERM'
			? exitCodes.terminated
			: exitCodes.hungUp;
}

/** What a 403 to the credential says to do. */
export const roleAdvice =
	"the credential's role may not do this: give it one that manages sessions (Frame console: Users → API)";

/** Where the credential in use came from, for advice on a 401. */
export type CredentialSource =
	| {readonly kind: 'environment'}
	| {readonly kind: 'profile'; readonly name: string; readonly path: string}
	| {readonly kind: 'demo'};

/** What to check after a 401, by where the credential came from. */
function credentialAdvice(source: CredentialSource): string {
	switch (source.kind) {
		case 'profile':
			return `check client_id and the secret of profile ${source.name} in ${source.path}`;
		case 'environment':
			return 'check FRAME_CLIENT_ID and FRAME_CLIENT_SECRET';
		case 'demo':
			return 'the demo simulator refused its own credential';
	}
}

/**
 * The one line to show a person for an error, and the exit code; never a stack trace. A 401
 * says which credential to check: the profile's, or the environment's.
 */
export function describeError(
	error: unknown,
	credentials: CredentialSource = {kind: 'environment'},
): {readonly line: string; readonly code: number} {
	if (error instanceof UsageError || error instanceof ClientConfigError) {
		return {line: error.message, code: exitCodes.usage};
	}

	if (error instanceof AuthenticationError && error.clockSkewSeconds === undefined) {
		return {
			line: `${error.message}; ${credentialAdvice(credentials)} (Frame console: Users → API)`,
			code: exitCodes.failed,
		};
	}

	if (error instanceof ForbiddenError) {
		return {line: `${error.message}; ${roleAdvice}`, code: exitCodes.failed};
	}

	if (error instanceof Error) {
		return {line: error.message.replace(/\s*\n\s*/g, ' '), code: exitCodes.failed};
	}

	return {line: String(error), code: exitCodes.failed};
}

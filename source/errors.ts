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
	interrupted: 130,
} as const;

/** Entering and leaving the terminal's alternate screen, so the shell's screen comes back as it was. */

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?25h\u001B[?1049l';

type Streams = {
	readonly stdout: {write(text: string): unknown};
	readonly stdin: {readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown};
};

let active: Streams | undefined;

/** Switches to the alternate screen; every exit path must reach `restoreTerminal`. */
export function enterFullScreen(streams: Streams): void {
	streams.stdout.write(enterAlternateScreen);
	active = streams;
	// The last resort: process.exit from anywhere still restores the screen.
	process.once('exit', restoreTerminal);
}

/** Leaves the alternate screen with the cursor shown and raw mode off; safe to call twice. */
export function restoreTerminal(): void {
	const streams = active;
	if (!streams) {
		return;
	}

	active = undefined;
	process.off('exit', restoreTerminal);
	if (streams.stdin.isTTY) {
		try {
			streams.stdin.setRawMode?.(false);
		} catch {
			// The terminal is gone already (SIGHUP); nothing left to restore.
		}
	}

	streams.stdout.write(leaveAlternateScreen);
}

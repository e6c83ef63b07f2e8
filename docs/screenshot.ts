/**
 * Records the built app closing the production sessions of a demo account in a real
 * pseudo-terminal and writes the frames to docs/demo.svg, the picture the README opens with.
 * Run it with `npm run screenshot`; the picture is only ever made this way.
 */
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {cliEnvironment, waitFor} from '../test/helpers/cli.js';
import {startTerminal, type TerminalSession} from '../test/helpers/terminal.js';
import {animatedSvg, captureFrame, type Frame} from './terminal-svg.js';

const columns = 100;
const rows = 30;
const output = fileURLToPath(new URL('demo.svg', import.meta.url));

/** How far the close is, in percent, from the Overall line on screen, if the close view shows one. */
function overallPercent(session: TerminalSession): number | undefined {
	const line = session.screen().find((text) => text.startsWith('Overall'));
	// The Overall line counts done of total ("93/120"); it shows no percentage.
	const match = line?.match(/ (\d+)\/(\d+) /);
	return match ? Math.floor((Number(match[1]) * 100) / Number(match[2])) : undefined;
}

// The demo as a person meets it: closes at their own watchable pace, not the tests' quick one.
const env = cliEnvironment({TERM: 'xterm-256color', FORCE_COLOR: '1'});
delete env.FRAME_TUI_DEMO_DELETE_MS;
const session = startTerminal(['dist/cli.js', '--demo'], {columns, rows, env});
const frames: Frame[] = [];
const take = () => frames.push(captureFrame(session.terminal));

try {
	await session.waitForScreen('❯ ');
	session.type('\r');
	await session.waitForScreen('❯ All pools');
	session.type('\r');
	await session.waitForScreen(/0 selected · \d+ sessions/);
	take();
	session.type('p');
	await session.waitForScreen(/[1-9]\d* selected/);
	take();
	session.type('x');
	await session.waitForScreen(/Close \d+ sessions/);
	take();
	session.type('y');
	await waitFor(() => {
		const percent = overallPercent(session);
		return percent !== undefined && percent >= 40 && percent < 100;
	}, 'the close to be under way');
	take();
	await waitFor(() => overallPercent(session) === 100, 'the close to end', 60_000);
	take();
	session.type('q');
} finally {
	session.kill();
}

writeFileSync(
	output,
	animatedSvg(
		frames,
		2.5,
		'frame-tui in demo mode: the sessions of an account, the production ones selected, the confirmation, the close under way, and the end',
	),
);
console.log(`wrote ${frames.length} frames to ${output}`);

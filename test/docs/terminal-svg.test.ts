import assert from 'node:assert/strict';
import {test} from 'node:test';
import xterm from '@xterm/headless';
import {animatedSvg, captureFrame} from '../../docs/terminal-svg.js';

/** A 20×2 terminal that has taken in `data`. */
async function terminalWith(data: string) {
	const terminal = new xterm.Terminal({cols: 20, rows: 2, allowProposedApi: true});
	await new Promise<void>((resolve) => terminal.write(data, resolve));
	return terminal;
}

test('the README picture draws each cell run in its colours, inverse swapped, text escaped and on the grid', async () => {
	const terminal = await terminalWith('\u001B[31mred\u001B[0m a  b\r\n\u001B[7minv\u001B[0m <&>');
	const {body} = captureFrame(terminal);

	assert.match(body, /<text x="12" y="[\d.]+" fill="#cc0000"[^>]*>red<\/text>/);
	// Spaces inside a run stay, and the run is pinned to its 4 cells.
	assert.match(body, /<text x="37\.2"[^>]*textLength="42"[^>]*> a {2}b<\/text>/);
	// Inverse: the background takes the default foreground, the text the default background.
	assert.match(body, /<rect x="12" y="30" width="25\.2" height="18" fill="#d4d4d4"\/>/);
	assert.match(body, /fill="#1e1e1e"[^>]*>inv<\/text>/);
	assert.match(body, /> &lt;&amp;&gt;<\/text>/);
});

test('the README picture shows its frames in turn, each for its share of the loop', async () => {
	const frames = [captureFrame(await terminalWith('one')), captureFrame(await terminalWith('two'))];
	const svg = animatedSvg(frames, 2, 'one & two');

	assert.match(svg, /<title>one &amp; two<\/title>/);
	assert.match(svg, /@keyframes f0\{0%\{opacity:1\}50%\{opacity:0\}\}/);
	assert.match(svg, /@keyframes f1\{0%\{opacity:0\}50%\{opacity:1\}100%\{opacity:0\}\}/);
	assert.match(svg, /\.f1\{animation:f1 4s step-end infinite\}/);
	assert.match(svg, /<g class="f0">.*>one<\/text><\/g>/);
	assert.match(svg, /<g class="f1">.*>two<\/text><\/g>/);
	assert.throws(() => animatedSvg([], 2, ''), /no frames/);
});

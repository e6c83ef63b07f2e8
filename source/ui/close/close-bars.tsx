import {Text} from 'ink';
import {plural, wrapWords} from '../../format/text.js';
import {stopSentence} from '../../ops/close-outcomes.js';
import {PoolCell} from '../components/pool-cell.js';
import {fitCell} from '../table-layout.js';
import {type Palette, useTheme} from '../theme.js';
import type {CloseRunState, Outcomes, PoolProgress} from './close-run-state.js';
import {failureLines, overallLine, runTitle} from './close-run-text.js';

/** A bar's parts, in the order they stack: the outcomes, then what is still to come. */
export type BarPart = keyof Outcomes | 'rest';

/** Each part's character: distinct, so the bar reads without colour too. */
export const barGlyphs: Readonly<Record<BarPart, string>> = {
	closed: '█',
	alreadyClosed: '▓',
	unknown: '?',
	failed: '✗',
	rest: '░',
};

const stackOrder: readonly (keyof Outcomes)[] = ['closed', 'alreadyClosed', 'unknown', 'failed'];

/**
 * How many of `width` cells each outcome takes, stacked in that order, the rest left empty. An
 * outcome that happened at all gets a cell, so a single failure among thousands still shows.
 */
export function barParts(
	outcomes: Outcomes,
	total: number,
	width: number,
): Array<{readonly part: BarPart; readonly cells: number}> {
	const cells = new Map<BarPart, number>();
	let before = 0;
	let count = 0;
	for (const part of stackOrder) {
		// Rounding the running total keeps the parts adding up to the rounded whole.
		count += outcomes[part];
		const end = total > 0 ? Math.round((Math.min(count, total) / total) * width) : 0;
		cells.set(part, end - before);
		before = end;
	}

	cells.set('rest', width - before);
	for (const part of stackOrder) {
		if (outcomes[part] > 0 && cells.get(part) === 0) {
			// The cell comes from the empty rest, else from the widest outcome.
			const donor = (cells.get('rest') ?? 0) > 0 ? 'rest' : widest(cells);
			cells.set(donor, (cells.get(donor) ?? 0) - 1);
			cells.set(part, 1);
		}
	}

	return [...stackOrder, 'rest' as const].map((part) => ({part, cells: cells.get(part) ?? 0}));
}

function widest(cells: ReadonlyMap<BarPart, number>): BarPart {
	return [...cells].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** The colour of each part, from the theme's outcome colours. */
function partColour(theme: Palette, part: BarPart): string | undefined {
	return {
		closed: theme.ok,
		alreadyClosed: theme.alreadyClosed,
		unknown: theme.warn,
		failed: theme.error,
		rest: undefined,
	}[part];
}

/** A bar stacked in the outcome colours: closed, already closed, unknown, failed, then empty. */
function StackedBar(props: {
	readonly outcomes: Outcomes;
	readonly total: number;
	readonly width: number;
}) {
	const theme = useTheme();
	return (
		<>
			{barParts(props.outcomes, props.total, props.width)
				.filter(({cells}) => cells > 0)
				.map(({part, cells}) => (
					<Text key={part} color={partColour(theme, part)} dimColor={part === 'rest'}>
						{barGlyphs[part].repeat(cells)}
					</Text>
				))}
		</>
	);
}

/** Cells the bars leave their text when the window allows: the Overall line's counts and ETA. */
const textRoom = 64;

/**
 * The widths of a bar line: its name, its bar and its text, one space apart. The name has at
 * least 20 cells: a pool's kind ("(production)") is never cut, and its name keeps a few cells
 * beside it ("Pro 16… (production)").
 */
export function barWidths(width: number) {
	const name = Math.min(28, Math.max(20, Math.floor(width / 4)));
	// The bar gives way to the text first, down to 8 cells: the counts beside it say the rest.
	const bar = Math.min(30, Math.max(8, width - name - 2 - textRoom));
	return {name, bar, text: Math.max(0, width - name - bar - 2)};
}

/**
 * A name, a stacked bar and what it counts, in exactly `width` cells. A pool's name gives way to
 * its kind, which is never cut; a pool under its account's bar is indented.
 */
function BarLine(props: {
	readonly name: string | PoolProgress;
	readonly outcomes: Outcomes;
	readonly total: number;
	readonly text: string;
	readonly width: number;
}) {
	const widths = barWidths(props.width);
	const {name} = props;
	const accountBar = typeof name !== 'string' && name.account && name.key === name.account.id;
	return (
		<Text>
			{typeof name === 'string' ? (
				fitCell(name, widths.name)
			) : accountBar ? (
				fitCell(name.account?.name ?? name.account?.id ?? '', widths.name)
			) : name.account ? (
				<>
					{'  '}
					<PoolCell pool={name.pool} poolId={name.poolId} width={widths.name - 2} />
				</>
			) : (
				<PoolCell pool={name.pool} poolId={name.poolId} width={widths.name} />
			)}{' '}
			<StackedBar outcomes={props.outcomes} total={props.total} width={widths.bar} />
			{` ${fitCell(props.text, widths.text)}`}
		</Text>
	);
}

/** A pool's count: what is closed of its total, and what failed; a pool that failed is not done. */
function poolText(pool: PoolProgress): string {
	const extra = [
		pool.failed > 0 ? `${pool.failed} failed` : '',
		pool.unknown > 0 ? `${pool.unknown} unknown` : '',
	].filter(Boolean);
	return [`${pool.closed + pool.alreadyClosed}/${pool.total} closed`, ...extra].join('  ');
}

const maxPoolBars = 4;

/**
 * The bars shown: the pools' up to four; across accounts, the accounts' up to a third of the
 * window (four at least), and each account's pools under it when all of them fit there.
 */
function shownBars(state: CloseRunState, height: number): readonly PoolProgress[] {
	const {pools, accountPools} = state;
	const room = Math.max(maxPoolBars, Math.floor(height / 3));
	if (accountPools.length === 0) {
		return pools.slice(0, maxPoolBars);
	}

	// Every account has a bar when a third of the window holds them, its pools too when they fit.
	if (pools.length + accountPools.length > room) {
		return pools.slice(0, room);
	}

	return pools.flatMap((account) => [
		account,
		...accountPools.filter((pool) => pool.account?.id === account.account?.id),
	]);
}

/** What the top of the view shows, and how many rows that leaves the list. */
export function runLayout(state: CloseRunState, height: number, width: number, bottomLines = 1) {
	// Wrapped rather than cut: a refusal names a path and a flag the operator needs to see.
	// Wrapped too: the end of the summary ("80 not attempted") is what a stopped run is about.
	const titleLines = wrapWords(runTitle(state), width, 2);
	const stopLines = state.halted ? wrapWords(stopSentence(state.halted), width) : [];
	const failures = failureLines(state);
	const failuresShown = failures.slice(0, failures.length > 2 ? 1 : 2);
	const poolBars = shownBars(state, height);
	const morePools =
		state.pools.length -
		poolBars.filter((bar) => bar.key === bar.account?.id || !bar.account).length;
	const moreFailures = failures.length - failuresShown.length;
	// Title, why the run stopped by itself, overall bar, pool bars, failure reasons, separator, and the
	// footer or the question in its place.
	const chrome =
		2 +
		titleLines.length +
		bottomLines +
		stopLines.length +
		poolBars.length +
		(morePools > 0 ? 1 : 0) +
		failuresShown.length +
		(moreFailures > 0 ? 1 : 0);
	return {
		titleLines,
		stopLines,
		poolBars,
		morePools,
		failuresShown,
		moreFailures,
		listHeight: Math.max(1, height - chrome),
	};
}

/** The title, why the run stopped by itself, the overall and pool bars, the failures, a rule. */
export function RunHeader(props: {
	readonly state: CloseRunState;
	readonly width: number;
	readonly layout: ReturnType<typeof runLayout>;
}) {
	const theme = useTheme();
	const {state, width, layout} = props;
	const {counts} = state;
	const finished = state.phase === 'done';
	const overall: Outcomes = {
		closed: counts.closed,
		alreadyClosed: counts.already_closed,
		failed: counts.failed,
		unknown: counts.unknown,
	};
	return (
		<>
			{layout.titleLines.map((line) => (
				<Text
					key={line}
					bold
					color={finished ? (state.counts.failed > 0 ? theme.error : theme.ok) : theme.accent}
				>
					{fitCell(line, width)}
				</Text>
			))}
			{layout.stopLines.map((line) => (
				<Text key={line} color={theme.error}>
					{fitCell(line, width)}
				</Text>
			))}
			<BarLine
				name="Overall"
				outcomes={overall}
				total={state.rows.length}
				text={overallLine(state, barWidths(width).text)}
				width={width}
			/>
			{layout.poolBars.map((pool) => (
				<BarLine
					key={`${pool.account?.id ?? ''}:${pool.key ?? '-'}`}
					name={pool}
					outcomes={pool}
					total={pool.total}
					text={poolText(pool)}
					width={width}
				/>
			))}
			{layout.morePools > 0 ? (
				<Text
					dimColor
				>{`+${layout.morePools} more ${state.pools[0]?.account ? 'accounts' : 'pools'}`}</Text>
			) : null}
			{layout.failuresShown.map((line) => (
				<Text key={line} color={theme.error}>
					{fitCell(line, width)}
				</Text>
			))}
			{layout.moreFailures > 0 ? (
				<Text color={theme.error}>
					{`✗ and ${plural(layout.moreFailures, 'other reason')}: scroll the list`}
				</Text>
			) : null}
			<Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>
		</>
	);
}

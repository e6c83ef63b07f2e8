import {Box, Text} from 'ink';
import {useState} from 'react';
import {type Session, unusedFields} from '../../api/types.js';
import {sanitize} from '../../format/sanitize.js';
import {wrapCells} from '../../format/shorten.js';
import {textWidth} from '../../format/width.js';
import {isKind} from '../../ops/select.js';
import {ScreenLayout} from '../components/screen-layout.js';
import {moveActions, useAppActions, useScreenActions} from '../keys/actions.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {scrollTo} from '../viewport.js';
import type {TableRow} from './use-session-table-state.js';

/** A field's value as text: strings as they are, anything else as JSON. */
function valueText(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Every field of a session as the API returned it, those the app does not model included (and
 * those it could not use, in their original form), after the pool and its kind.
 */
export function detailFields(row: TableRow): ReadonlyArray<readonly [string, string]> {
	const {session, pool} = row;
	const poolText = pool
		? `${pool.name ?? '—'} (${pool.external_id})`
		: (session.pool_id ?? '— (no pool)');
	const unused = (session as Session)[unusedFields] ?? {};
	return [
		['pool', poolText],
		['kind', pool?.kind ?? '—'],
		...Object.entries(session).map(([key, value]): [string, string] => [key, valueText(value)]),
		...Object.entries(unused).map(([key, value]): [string, string] => [key, valueText(value)]),
	];
}

/**
 * The pane's lines in `width` cells, sanitized: each field's name, then its value, wrapped
 * onto as many lines as it takes (a value is never cut off).
 */
export function detailLines(row: TableRow, width: number): string[] {
	const fields = detailFields(row).map(([key, value]) => [
		sanitize(key, {cell: true}),
		sanitize(value, {cell: true}),
	]);
	const keyWidth = Math.min(
		20,
		fields.reduce((widest, [key]) => Math.max(widest, textWidth(key ?? '')), 0),
	);
	const valueWidth = Math.max(1, width - keyWidth - 3);
	return fields.flatMap(([key = '', value = '']) =>
		wrapCells(value, valueWidth).map(
			(part, index) => `  ${fitCell(index === 0 ? key : '', keyWidth)} ${part}`,
		),
	);
}

/** A session's every field, scrolled with the moves; Esc closes it. */
export function SessionDetails(props: {
	readonly row: TableRow;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	readonly onClose: () => void;
}) {
	const theme = useTheme();
	const [offset, setOffset] = useState(0);
	const lines = detailLines(props.row, props.width);
	// The title and the "more" line take two rows, the footer one.
	const shown = Math.max(1, props.height - 3);
	const actions = useScreenActions(
		[
			...moveActions((to) => setOffset((at) => scrollTo(at, to, lines.length, shown)), 'scroll'),
			{action: 'back', label: 'Esc', does: 'close details', short: 'close', run: props.onClose},
			...useAppActions(),
		],
		{isActive: props.active},
	);
	const first = Math.min(offset, Math.max(0, lines.length - shown));
	const more = [first > 0 ? '↑ more' : '', first + shown < lines.length ? '↓ more' : ''].filter(
		Boolean,
	);
	const production = isKind(props.row.pool, 'production');
	return (
		<ScreenLayout width={props.width} height={props.height} actions={actions}>
			<Box flexDirection="column">
				<Text bold>
					{fitCell(
						`Session ${props.row.session.id}`,
						props.width - (production ? 13 : 0),
					).trimEnd()}
					{production ? <Text color={theme.production}> (production)</Text> : null}
				</Text>
				{lines.slice(first, first + shown).map((line, index) => (
					// Lines repeat (wrapped values); their place is what tells them apart.
					// biome-ignore lint/suspicious/noArrayIndexKey: see above
					<Text key={first + index}>{line}</Text>
				))}
				<Text dimColor>{more.join('  ')}</Text>
			</Box>
		</ScreenLayout>
	);
}

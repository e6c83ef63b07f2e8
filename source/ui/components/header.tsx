import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {textWidth} from '../../format/width.js';
import {type Crumb, headerLine} from '../line-layout.js';
import {clockTime} from '../load-status.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';
import type {RefreshStatus} from '../use-refreshed-at.js';

const spinnerFrames = ['⠋', '⠙', '⠸', '⠴'] as const;

/** About 8 frames a second: alive to the eye, few frames to draw. */
const spinnerMs = 125;

/** A load in flight; mounted only while one is, so it draws frames only then. */
function Spinner() {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame((previous) => (previous + 1) % 4), spinnerMs);
		return () => clearInterval(timer);
	}, []);
	return <Text inverse>{`${spinnerFrames[frame]} `}</Text>;
}

/** The top line: product, where it is connected, where the operator is, when data was fetched. */
export function Header(props: {
	readonly width: number;
	readonly connection: string;
	readonly breadcrumb: readonly Crumb[];
	readonly status: RefreshStatus;
	readonly readOnly: boolean;
}) {
	const theme = useTheme();
	const {loadedAt, loading, failed} = props.status;
	// The spinner's cells come off the line's width.
	const width = props.width - (loading ? 2 : 0);
	const badge = props.readOnly ? ' READ-ONLY ' : '';
	const {left, crumb, right} = headerLine(width, {
		connection: props.connection,
		breadcrumb: props.breadcrumb,
		time: loadedAt && clockTime(loadedAt),
		// A failed refresh must not read as fresh data: the stamp then says it is the last good one.
		stamp: failed ? 'last good' : 'refreshed',
		badge,
	});
	const room = Math.max(0, width - textWidth(left) - badge.length - textWidth(right) - 1);
	return (
		<Box width={props.width}>
			<Text inverse bold>
				{left}
			</Text>
			<Text inverse>{fitCell(crumb, room)}</Text>
			<Text inverse> </Text>
			{badge ? (
				<Text bold color={theme.badge} inverse={!theme.badge}>
					{badge}
				</Text>
			) : null}
			{loading ? <Spinner /> : null}
			<Text inverse bold={failed} color={failed ? theme.error : undefined}>
				{right}
			</Text>
		</Box>
	);
}

import {Text} from 'ink';
import type {Pool} from '../../api/types.js';
import {isKind, poolParts} from '../../ops/select.js';
import {fitLabelled} from '../table-layout.js';
import {useTheme} from '../theme.js';

/**
 * A pool in exactly `width` cells, inside a line's Text: its name gives way ("Pro 16… (production)"),
 * its kind is never cut, and production's has a colour of its own, not an outcome's.
 */
export function PoolCell(props: {
	readonly pool: Pool | undefined;
	readonly poolId: string | undefined;
	readonly width: number;
}) {
	const theme = useTheme();
	const {name, kind} = poolParts(props.pool, props.poolId);
	const cell = fitLabelled(name, kind, props.width);
	return (
		<>
			{cell.text}
			{cell.label ? (
				<Text color={isKind(props.pool, 'production') ? theme.production : undefined}>
					{cell.label}
				</Text>
			) : null}
			{cell.fill}
		</>
	);
}

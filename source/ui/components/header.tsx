import {Box, Text} from 'ink';
import {textWidth} from '../../format/width.js';
import {headerLine} from '../line-layout.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';

/** The top line: product, where it is connected, where the operator is, when data was fetched. */
export function Header(props: {
	readonly width: number;
	readonly connection: string;
	readonly breadcrumb: readonly string[];
	readonly refreshedAt: Date | undefined;
	readonly readOnly: boolean;
}) {
	const theme = useTheme();
	const badge = props.readOnly ? ' READ-ONLY ' : '';
	const {left, crumb, right} = headerLine(props.width, {
		connection: props.connection,
		breadcrumb: props.breadcrumb,
		time: props.refreshedAt?.toLocaleTimeString('en-GB'),
		badge,
	});
	const room = Math.max(0, props.width - textWidth(left) - badge.length - textWidth(right) - 1);
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
			<Text inverse>{right}</Text>
		</Box>
	);
}

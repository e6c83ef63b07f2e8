import {Box, Text} from 'ink';
import {sanitize} from '../../format/sanitize.js';
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
	const refreshed = props.refreshedAt
		? `refreshed ${props.refreshedAt.toLocaleTimeString('en-GB')}`
		: '';
	const badge = props.readOnly ? ' READ-ONLY ' : '';
	const left = ` frame-tui │ ${sanitize(props.connection)} │ `;
	const room = Math.max(0, props.width - left.length - badge.length - refreshed.length - 2);
	return (
		<Box width={props.width}>
			<Text inverse bold>
				{left}
			</Text>
			<Text inverse>{fitCell(props.breadcrumb.join(' › '), room)}</Text>
			<Text inverse> </Text>
			{badge ? (
				<Text bold color={theme.badge} inverse={!theme.badge}>
					{badge}
				</Text>
			) : null}
			<Text inverse>{`${refreshed} `}</Text>
		</Box>
	);
}

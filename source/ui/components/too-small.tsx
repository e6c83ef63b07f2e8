import {Box, Text} from 'ink';
import type {ReactNode} from 'react';

/** The smallest terminal the layout works in. */
export const minimumSize = {columns: 60, rows: 15} as const;

/** Whether a window of this size is below the minimum. */
export function isTooSmall(size: {readonly columns: number; readonly rows: number}): boolean {
	return size.columns < minimumSize.columns || size.rows < minimumSize.rows;
}

/** The notice in place of the app on a window below the minimum size, with the keys that work there. */
export function TooSmall(props: {
	readonly columns: number;
	readonly rows: number;
	readonly children: ReactNode;
}) {
	return (
		<Box flexDirection="column" width={props.columns}>
			<Text bold>The window is too small.</Text>
			<Text>{`frame-tui needs ${minimumSize.columns}×${minimumSize.rows};`}</Text>
			<Text>{`this one is ${props.columns}×${props.rows}.`}</Text>
			{props.children}
		</Box>
	);
}

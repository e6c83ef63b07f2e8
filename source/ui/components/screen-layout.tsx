import {Box} from 'ink';
import type {ReactNode} from 'react';
import type {ScreenAction} from '../actions.js';
import {Footer} from './footer.js';

/** A screen's body over its footer of keys (or over a notice that takes the footer's line). */
export function ScreenLayout(props: {
	readonly width: number;
	readonly height: number;
	readonly actions: readonly ScreenAction[];
	readonly bottom?: ReactNode;
	readonly children: ReactNode;
}) {
	return (
		<Box flexDirection="column" height={props.height}>
			<Box flexDirection="column" height={props.height - 1}>
				{props.children}
			</Box>
			{props.bottom ?? <Footer width={props.width} actions={props.actions} />}
		</Box>
	);
}

import {Box} from 'ink';
import type {ReactNode} from 'react';
import type {ScreenAction} from '../keys/actions.js';
import type {LoadProblem} from '../load-status.js';
import {Footer} from './footer.js';
import {LoadProblemLine} from './load-problem-line.js';

/** Rows a screen's body has: all but the footer's, and the load problem's line when there is one. */
export function bodyRows(height: number, problem: LoadProblem | undefined): number {
	return height - 1 - (problem ? 1 : 0);
}

/**
 * A screen's body over its footer of keys (or over a notice that takes the footer's line), with
 * the line of a load in trouble between them while there is one.
 */
export function ScreenLayout(props: {
	readonly width: number;
	readonly height: number;
	readonly actions: readonly ScreenAction[];
	readonly bottom?: ReactNode;
	readonly problem?: LoadProblem | undefined;
	readonly children: ReactNode;
}) {
	return (
		<Box flexDirection="column" height={props.height}>
			<Box flexDirection="column" height={bodyRows(props.height, props.problem)}>
				{props.children}
			</Box>
			{props.problem ? <LoadProblemLine problem={props.problem} width={props.width} /> : null}
			{props.bottom ?? <Footer width={props.width} actions={props.actions} />}
		</Box>
	);
}

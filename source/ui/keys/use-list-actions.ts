import {useEffect} from 'react';
import {useCursor} from '../viewport.js';
import {moveActions, type ScreenAction, useAppActions, useScreenActions} from './actions.js';

/**
 * The actions of a list screen (accounts, pools): move, open the row under the cursor, refresh,
 * and the screen's own (`more`), then the app's. The cursor is remembered on each move, so
 * coming back to the screen puts it where it was.
 */
export function useListActions<T>(options: {
	readonly rows: readonly T[];
	/** Rows the list shows at a time. */
	readonly height: number;
	readonly isActive: boolean;
	/** Where the cursor was on this screen; `startIndex` until it moves, when undefined. */
	readonly initialIndex: number | undefined;
	readonly startIndex?: number;
	readonly onHighlight: (index: number) => void;
	/** What Enter opens, for the footer: "pools", or what the row under the cursor opens. */
	readonly opens: string | ((row: T | undefined) => string);
	readonly onOpen: (row: T) => void;
	readonly reload: () => void;
	readonly more?: readonly ScreenAction[];
}) {
	const {rows, onHighlight} = options;
	const cursor = useCursor(rows.length, options.height, options.initialIndex, options.startIndex);
	// Only where there are rows: a cursor on nothing yet (loading) is no place to come back to.
	const hasRows = rows.length > 0;
	useEffect(() => {
		if (hasRows) {
			onHighlight(cursor.index);
		}
	}, [cursor.index, onHighlight, hasRows]);
	const open = () => {
		const row = rows[cursor.index];
		if (row !== undefined) {
			options.onOpen(row);
		}
	};

	// With no rows (none yet, a failed load, an empty list) the moves and Enter act on nothing:
	// the footer leaves them out.
	const ifRows = (action: ScreenAction): ScreenAction =>
		hasRows ? action : {...action, footer: false};
	const actions = useScreenActions(
		[
			...moveActions((to) => cursor.move(to)).map(ifRows),
			ifRows({
				action: 'open',
				does: typeof options.opens === 'string' ? options.opens : options.opens(rows[cursor.index]),
				run: open,
			}),
			...(options.more ?? []),
			{action: 'refresh', does: 'refresh', run: options.reload},
			...useAppActions(),
		],
		{isActive: options.isActive},
	);
	return {cursor, actions};
}

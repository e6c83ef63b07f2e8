import {useCallback, useState} from 'react';

/** The ways a cursor moves through a list. */
export type Move = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** A cursor kept on a row: from 0 to `count` − 1, or 0 when there are no rows. */
export function clampCursor(cursor: number, count: number): number {
	return Math.max(0, Math.min(cursor, count - 1));
}

/** Where a move takes a cursor over `count` rows, a page being `page` rows. */
export function moveTo(cursor: number, move: Move, count: number, page: number): number {
	const targets: Record<Move, number> = {
		up: cursor - 1,
		down: cursor + 1,
		pageUp: cursor - page,
		pageDown: cursor + page,
		home: 0,
		end: count - 1,
	};
	return clampCursor(targets[move], count);
}

/** The first row on screen, `height` rows at a time, that keeps the cursor in view. */
export function keepInView(cursor: number, offset: number, height: number, count: number): number {
	const rows = Math.max(1, height);
	let first = Math.min(offset, cursor);
	if (cursor >= first + rows) {
		first = cursor - rows + 1;
	}

	return Math.max(0, Math.min(first, count - rows));
}

/**
 * A cursor over `count` rows shown `height` at a time: where it is (always on a row), how to
 * move it, and how to put it somewhere.
 */
export function useCursor(
	count: number,
	height: number,
	/** Where it was; undefined for `start`. */
	initial: number | undefined,
	/** Where the cursor is until it is placed or moved: worked out again as the rows change. */
	start = 0,
) {
	const [cursor, setCursor] = useState<number | undefined>(initial);
	const index = clampCursor(cursor ?? start, count);
	const move = useCallback(
		(to: Move) =>
			setCursor((current) =>
				moveTo(clampCursor(current ?? start, count), to, count, Math.max(1, height - 1)),
			),
		[count, height, start],
	);
	return {index, move, set: setCursor};
}

/** The first row shown of `count` rows, `height` at a time, after a move: never past the end. */
export function scrollTo(offset: number, move: Move, count: number, height: number): number {
	const last = Math.max(0, count - height);
	const page = Math.max(1, height - 1);
	const targets: Record<Move, number> = {
		up: offset - 1,
		down: offset + 1,
		pageUp: offset - page,
		pageDown: offset + page,
		home: 0,
		end: last,
	};
	return Math.max(0, Math.min(targets[move], last));
}

/**
 * Where the cursor is, for a status line: "12/300", counting the rows shown (with a filter on,
 * those it lets through: the line's count says of how many).
 */
export function rowPosition(cursor: number, shown: number): string {
	return `${shown === 0 ? 0 : cursor + 1}/${shown}`;
}

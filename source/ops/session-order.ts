/** The order sessions are listed in, by the app and the headless commands alike. */
import {parseApiTime, type Session, sessionStart} from '../api/types.js';

/** Newest start first, sessions without a start time (NaN) last; ties keep their order. */
export function compareStarted(
	a: {readonly started: number},
	b: {readonly started: number},
): number {
	return (
		(Number.isNaN(b.started) ? -Infinity : b.started) -
			(Number.isNaN(a.started) ? -Infinity : a.started) || 0
	);
}

/** The sessions as the app lists them by default: by start time, newest first. */
export function newestFirst<T extends Session>(sessions: readonly T[]): readonly T[] {
	return sessions
		.map((session) => ({session, started: parseApiTime(sessionStart(session))}))
		.sort(compareStarted)
		.map((row) => row.session);
}

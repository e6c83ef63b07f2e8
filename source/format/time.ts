import {parseApiTime} from '../api/types.js';

/** How long ago an API time was, compactly: "just now", "45s ago", "12m ago", "3h 5m ago", "2d 4h ago", "9d ago". */
export function formatAge(time: string | undefined, nowMs: number): string {
	const then = parseApiTime(time);
	if (Number.isNaN(then)) {
		return '—';
	}

	const seconds = Math.max(0, Math.floor((nowMs - then) / 1000));
	if (seconds < 5) {
		return 'just now';
	}

	if (seconds < 60) {
		return `${seconds}s ago`;
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes}m ago`;
	}

	const hours = Math.floor(minutes / 60);
	if (hours < 24) {
		return minutes % 60 === 0 ? `${hours}h ago` : `${hours}h ${minutes % 60}m ago`;
	}

	// Hours still tell a course of yesterday from one of the day before; past a week, days do.
	const days = Math.floor(hours / 24);
	return days < 7 && hours % 24 !== 0 ? `${days}d ${hours % 24}h ago` : `${days}d ago`;
}

/** An API time as "2026-11-22 08:34" (UTC), or "—" when absent or unreadable. */
export function formatDateTime(time: string | undefined): string {
	const then = parseApiTime(time);
	return Number.isNaN(then) ? '—' : new Date(then).toISOString().slice(0, 16).replace('T', ' ');
}

/** A duration as "850ms", "12.3s" or "4m 05s". */
export function formatDuration(ms: number): string {
	if (ms < 1000) {
		return `${Math.round(ms)}ms`;
	}

	if (ms < 60_000) {
		return `${(ms / 1000).toFixed(1)}s`;
	}

	const seconds = Math.round(ms / 1000);
	return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

const durationUnits: Readonly<Record<string, number>> = {
	s: 1000,
	m: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 604_800_000,
};

/** A patience: "0" (do not wait) or a duration up to a day, in ms; undefined when it is neither. */
export function parsePatience(text: string): number | undefined {
	if (text.trim() === '0') {
		return 0;
	}

	const ms = parseDuration(text);
	return ms !== undefined && ms <= 86_400_000 ? ms : undefined;
}

/** "30m", "12h", "7d" (also s and w) in ms; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
	const match = /^(\d{1,9})([smhdw])$/.exec(text.trim());
	return match ? Number(match[1]) * (durationUnits[match[2] ?? ''] ?? 0) : undefined;
}

/**
 * A time an operator types, as ISO 8601: `2026-12-03`, `2026-12-03 17:00`, `2026-12-03T17:00:30`,
 * each local time, or with a zone (`Z`, `+01:00`). In epoch ms; undefined for anything else
 * (`Date.parse` reads "1" as the year 2001, and a bare date as UTC midnight).
 */
export function parseTypedTime(text: string): number | undefined {
	const match =
		/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
			text.trim(),
		);
	if (!match) {
		return undefined;
	}

	const [, date = '', time = '00:00', zone = ''] = match;
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const [hours, minutes] = time.split(':').map(Number) as [number, number];
	// Date.parse reads 2026-02-30 as 2 March and 24:00 as the next day: such a time is a typo.
	const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (month < 1 || month > 12 || day < 1 || day > days || hours > 23 || minutes > 59) {
		return undefined;
	}

	// Date.parse wants the colon in an offset: +0100 as +01:00.
	const offset = zone.toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
	const ms = Date.parse(`${date}T${time}${offset}`);
	return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The rows of a close run as a persistent list: changing a few rows copies only the blocks that
 * hold them, so a flush of events costs what changed, not the size of the run.
 */
import type {RunRow} from './close-run-state.js';

/** Rows a block holds: small enough to copy on a change, large enough to keep the index short. */
const blockSize = 256;

/** A read-only list of rows, with the array methods the view uses. */
export class RunRows implements Iterable<RunRow> {
	/** The rows of these sessions, in order; the position of every session id is found once. */
	static of(rows: readonly RunRow[]): RunRows {
		const blocks: RunRow[][] = [];
		for (let start = 0; start < rows.length; start += blockSize) {
			blocks.push(rows.slice(start, start + blockSize));
		}

		return new RunRows(
			blocks,
			rows.length,
			new Map(rows.map((row, index) => [row.session.id, index])),
		);
	}

	readonly #blocks: readonly (readonly RunRow[])[];
	readonly #positions: ReadonlyMap<string, number>;

	private constructor(
		blocks: readonly (readonly RunRow[])[],
		readonly length: number,
		positions: ReadonlyMap<string, number>,
	) {
		this.#blocks = blocks;
		this.#positions = positions;
	}

	/** Where a session's row is, or undefined when the run does not hold it. */
	indexOf(sessionId: string): number | undefined {
		return this.#positions.get(sessionId);
	}

	/** The row at an index; a negative one counts from the end, as an array's `at`. */
	at(index: number): RunRow | undefined {
		const from = index < 0 ? this.length + index : index;
		return this.#blocks[Math.floor(from / blockSize)]?.[from % blockSize];
	}

	/** The rows with these replaced, by index; only their blocks are copied. */
	with(changes: ReadonlyMap<number, RunRow>): RunRows {
		if (changes.size === 0) {
			return this;
		}

		const blocks = [...this.#blocks];
		const copied = new Set<number>();
		for (const [index, row] of changes) {
			const block = Math.floor(index / blockSize);
			const rows = blocks[block];
			if (rows === undefined) {
				continue;
			}

			if (!copied.has(block)) {
				copied.add(block);
				blocks[block] = [...rows];
			}

			(blocks[block] as RunRow[])[index % blockSize] = row;
		}

		return new RunRows(blocks, this.length, this.#positions);
	}

	*[Symbol.iterator](): Iterator<RunRow> {
		for (const block of this.#blocks) {
			yield* block;
		}
	}

	/** Rows from `start` to before `end`; negative ones count from the end, as an array's `slice`. */
	slice(start = 0, end = this.length): RunRow[] {
		const from = (index: number) =>
			index < 0 ? Math.max(0, this.length + index) : Math.min(index, this.length);
		const rows: RunRow[] = [];
		for (let index = from(start); index < from(end); index++) {
			rows.push(this.at(index) as RunRow);
		}

		return rows;
	}

	filter(keep: (row: RunRow) => boolean): RunRow[] {
		const rows: RunRow[] = [];
		for (const block of this.#blocks) {
			for (const row of block) {
				if (keep(row)) {
					rows.push(row);
				}
			}
		}

		return rows;
	}

	some(test: (row: RunRow) => boolean): boolean {
		return this.findIndex(test) !== -1;
	}

	findIndex(test: (row: RunRow) => boolean): number {
		let index = 0;
		for (const block of this.#blocks) {
			for (const row of block) {
				if (test(row)) {
					return index;
				}

				index++;
			}
		}

		return -1;
	}
}

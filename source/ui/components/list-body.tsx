import {Text} from 'ink';
import type {ColumnSpec} from '../table-layout.js';
import type {LoadState} from '../use-load.js';
import {rowPosition} from '../viewport.js';
import {ErrorPanel, MessagePanel} from './message-panel.js';
import {type SelectRow, SelectTable} from './select-table.js';
import {StatusLine} from './status-line.js';

/**
 * The body of a list screen (accounts, pools): the failure of its first load, a loading line,
 * a message when the list is empty, or the table with its status line under it.
 */
export function ListBody<T>(props: {
	readonly load: LoadState<unknown>;
	/** What failed to load, after "Could not load": "accounts". */
	readonly what: string;
	readonly loading: string;
	readonly empty: {readonly title: string; readonly line: string};
	readonly columns: readonly ColumnSpec[];
	readonly rows: readonly SelectRow<T>[];
	readonly idColumn: number;
	/** What the status line says of the list, left of the row position. */
	readonly status: string;
	readonly width: number;
	/** Rows for the table and its status line. */
	readonly height: number;
	readonly index: number;
}) {
	const {load, rows} = props;
	if (load.error !== undefined && load.data === undefined) {
		return <ErrorPanel load={load} what={props.what} />;
	}

	if (load.data === undefined) {
		return <Text>{props.loading}</Text>;
	}

	if (rows.length === 0) {
		return <MessagePanel title={props.empty.title} lines={[props.empty.line]} />;
	}

	return (
		<>
			<SelectTable
				columns={props.columns}
				rows={rows}
				width={props.width}
				height={props.height - 1}
				index={props.index}
				idColumn={props.idColumn}
			/>
			<StatusLine
				text={props.status}
				position={rowPosition(props.index, rows.length)}
				width={props.width}
			/>
		</>
	);
}

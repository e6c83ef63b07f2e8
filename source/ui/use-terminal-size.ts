import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/**
 * The terminal's size, following resizes; 80×24 when the stream does not say. Ink's own
 * useWindowSize asks the controlling terminal when the stream does not say, which makes a test
 * stream's size depend on the terminal the tests run in.
 */
export function useTerminalSize(): {readonly columns: number; readonly rows: number} {
	const stdout = useStdout().stdout as NodeJS.WriteStream;
	const read = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	});
	return size;
}

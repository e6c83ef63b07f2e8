import {closeSync, constants, fstatSync, openSync, readFileSync} from 'node:fs';

/**
 * The text of a file that must be a regular file (a `ca_file`, the audit log). Opened without
 * blocking and checked before it is read: a FIFO would block the read for ever, and `/dev/zero`
 * would never end it. Throws the file system's error, or one with code `ENOTFILE`.
 */
export function readRegularFile(path: string): string {
	const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
	try {
		if (!fstatSync(fd).isFile()) {
			throw Object.assign(new Error(`${path} is not a regular file`), {code: 'ENOTFILE'});
		}

		return readFileSync(fd, 'utf8');
	} finally {
		closeSync(fd);
	}
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason);
			return;
		}

		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};

		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** An abort signal that follows the given ones; `dispose` stops following them. */
export function linkedSignal(sources: readonly (AbortSignal | undefined)[]) {
	const controller = new AbortController();
	const present = sources.filter((source): source is AbortSignal => source !== undefined);
	const onAbort = (event: Event) => controller.abort((event.target as AbortSignal | null)?.reason);
	for (const source of present) {
		if (source.aborted) {
			controller.abort(source.reason);
		}

		source.addEventListener('abort', onAbort, {once: true});
	}

	return {
		signal: controller.signal,
		abort: () => controller.abort(),
		dispose() {
			for (const source of present) {
				source.removeEventListener('abort', onAbort);
			}
		},
	};
}

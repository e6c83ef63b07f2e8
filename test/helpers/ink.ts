import {render as renderInk} from 'ink-testing-library';

/**
 * ink-testing-library's screen, 100×24. Its stream gives no rows, for which Ink asks the
 * controlling terminal at every frame (`tput`, twice: 10 ms a frame, and an answer that depends on
 * where the tests run); with the rows given, only the first frame asks.
 */
export function render(tree: Parameters<typeof renderInk>[0]): ReturnType<typeof renderInk> {
	const view = renderInk(tree);
	Object.defineProperty(view.stdout, 'rows', {value: 24, configurable: true});
	return view;
}

import {createContext, useContext} from 'react';

/** The colours the app uses; all undefined under NO_COLOR, so only bold, dim and inverse remain. */
export type Palette = {
	readonly accent: string | undefined;
	readonly production: string | undefined;
	readonly selected: string | undefined;
	readonly ok: string | undefined;
	/** Already closed, beside closed (ok) and failed (error) in a close's bars; not production's colour. */
	readonly alreadyClosed: string | undefined;
	readonly error: string | undefined;
	readonly warn: string | undefined;
	readonly badge: string | undefined;
};

const colours: Palette = {
	accent: 'cyan',
	// Its own colour: not an outcome's (closed is green), so a production pool never reads as done.
	production: 'blueBright',
	selected: 'yellow',
	ok: 'green',
	alreadyClosed: 'greenBright',
	error: 'red',
	warn: 'yellow',
	badge: 'magenta',
};

const none: Palette = {
	accent: undefined,
	production: undefined,
	selected: undefined,
	ok: undefined,
	alreadyClosed: undefined,
	error: undefined,
	warn: undefined,
	badge: undefined,
};

/** Whether NO_COLOR (no-color.org) asks for no colour: set and not empty. */
export function wantsNoColor(env: Readonly<Record<string, string | undefined>>): boolean {
	return Boolean(env.NO_COLOR);
}

/** The palette for a colour setting. */
export function palette(color: boolean): Palette {
	return color ? colours : none;
}

export const ThemeContext = createContext<Palette>(colours);

/** The app's palette. */
export function useTheme(): Palette {
	return useContext(ThemeContext);
}

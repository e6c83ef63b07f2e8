import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {textWidth} from '../../format/width.js';
import {actionLabel, type ScreenAction} from '../keys/actions.js';
import {type FooterKey, footerParts} from '../line-layout.js';
import {useTheme} from '../theme.js';

/** The footer's keys: those of the actions shown there; help and quit always show. */
function footerKeys(actions: readonly ScreenAction[]): FooterKey[] {
	return actions
		.filter((action) => action.footer !== false)
		.map((action) => ({
			key: actionLabel(action),
			does: action.does,
			short: action.short,
			keep: action.action === 'help' || action.action === 'quit',
			priority: action.priority,
		}));
}

/**
 * The bottom line: the keys of the view the operator is in, shortened to fit (`footerParts`),
 * each key in bold so that it stands apart from its words when they close up.
 */
export function Footer(props: {readonly width: number; readonly actions: readonly ScreenAction[]}) {
	const theme = useTheme();
	const keys = footerKeys(props.actions);
	// The actions are made anew at each key, but the footer they give changes seldom: fitting it
	// is measured text, done again only when a key or its words change.
	const signature = JSON.stringify(keys);
	// biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the keys
	const {parts, used} = useMemo(() => {
		const fitted = footerParts(keys, props.width - 1);
		return {parts: fitted, used: fitted.reduce((sum, part) => sum + textWidth(part.text), 1)};
	}, [signature, props.width]);
	return (
		<Box width={props.width}>
			<Text color={theme.accent} dimColor={!theme.accent}>
				{' '}
				{parts.map((part, index) =>
					part.isKey ? (
						// Parts repeat (the spaces between entries); their place tells them apart.
						// biome-ignore lint/suspicious/noArrayIndexKey: see above
						<Text key={index} bold>
							{part.text}
						</Text>
					) : (
						part.text
					),
				)}
				{' '.repeat(Math.max(0, props.width - used))}
			</Text>
		</Box>
	);
}

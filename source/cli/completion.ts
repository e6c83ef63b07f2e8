import {type FlagKey, flagSpecs, typedName} from './flags.js';

/** The shells `frame-tui completion` writes a script for. */
export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/**
 * A flag as completion offers it: its long name as typed (`dry-run`), whether it takes a value,
 * its short form; a yes/no flag also takes `--no-` (as the parser accepts).
 */
export type FlagName = {
	readonly name: string;
	readonly value: boolean;
	readonly negatable: boolean;
	readonly short?: string;
};

/** What completion reads of the command table: each command's flags (`app` is no command). */
type Table = Readonly<Record<string, {readonly flags: readonly FlagKey[]}>>;

/** A command's flags as completion offers them, --help and --version included; the hidden `--names` left out. */
export function flagNamesOf(keys: readonly FlagKey[]): readonly FlagName[] {
	return (['help', 'version', ...keys] as const)
		.filter((key) => key !== 'names')
		.map((key) => {
			const spec: {type: string; shortFlag?: string} = flagSpecs[key];
			return {
				name: typedName(key),
				value: spec.type !== 'boolean',
				negatable: spec.type === 'boolean',
				...(spec.shortFlag ? {short: spec.shortFlag} : {}),
			};
		});
}

/** Every flag as typed: `--dry-run`, `--no-dry-run`, `-y`; what bash and zsh offer. */
export function flagWords(flags: readonly FlagName[]): readonly string[] {
	return flags.flatMap((flag) => [
		`--${flag.name}`,
		...(flag.negatable ? [`--no-${flag.name}`] : []),
		...(flag.short ? [`-${flag.short}`] : []),
	]);
}

// The pool kinds the simulator and Frame use; --kind takes any, these are the usual ones.
const kinds = ['production', 'test', 'sandbox'] as const;

// Completion asks the config file for profile names when --profile is being completed, so a
// new profile completes at once; errors go nowhere, and no secret is read for it.
const namesCommand = 'frame-tui profiles --names 2>/dev/null';

/** Per command (`*` for none, the app): `NAME) offer="…"; values="…" ;;`, for bash and zsh alike. */
function cases(table: Table): string {
	return Object.entries(table)
		.map(([command, {flags}]) => {
			const names = flagNamesOf(flags);
			const values = names.filter((flag) => flag.value).map((flag) => `--${flag.name}`);
			return `    ${command === 'app' ? '*' : command}) offer="${flagWords(names).join(' ')}"; values="${values.join(' ')}" ;;`;
		})
		.sort((a, b) => Number(a.startsWith('    *')) - Number(b.startsWith('    *')))
		.join('\n');
}

const commandNames = (table: Table) => Object.keys(table).filter((name) => name !== 'app');

function bash(table: Table): string {
	const commands = commandNames(table);
	return `# frame-tui completion for bash. Install: frame-tui completion bash > ~/.local/share/bash-completion/completions/frame-tui
_frame_tui() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" word offer values
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in ${commands.join('|')}) command="$word"; break ;; esac
  done
  case "$command" in
${cases(table)}
  esac
  case "$prev" in
    --profile) COMPREPLY=($(compgen -W "$(${namesCommand})" -- "$cur")); return ;;
    --kind) COMPREPLY=($(compgen -W "${kinds.join(' ')}" -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "${shells.join(' ')}" -- "$cur")); return ;;
  esac
  if [[ " $values " == *" $prev "* ]]; then
    COMPREPLY=()
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$offer" -- "$cur"))
  elif [[ -z "$command" ]]; then
    COMPREPLY=($(compgen -W "${commands.join(' ')}" -- "$cur"))
  fi
}
complete -F _frame_tui frame-tui`;
}

function zsh(table: Table): string {
	const commands = commandNames(table);
	return `#compdef frame-tui
# frame-tui completion for zsh. Install: frame-tui completion zsh > "\${fpath[1]}/_frame-tui"
_frame-tui() {
  local command="" word offer values
  for word in "\${(@)words[2,CURRENT-1]}"; do
    case "$word" in ${commands.join('|')}) command="$word"; break ;; esac
  done
  case "$command" in
${cases(table)}
  esac
  case "\${words[CURRENT-1]}" in
    --profile) compadd -- \${(f)"$(${namesCommand})"}; return ;;
    --kind) compadd -- ${kinds.join(' ')}; return ;;
    completion) compadd -- ${shells.join(' ')}; return ;;
  esac
  if [[ " $values " == *" \${words[CURRENT-1]} "* ]]; then
    return
  elif [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- \${=offer}
  elif [[ -z "$command" ]]; then
    compadd -- ${commands.join(' ')}
  fi
}
if [[ "\${funcstack[1]}" == "_frame-tui" ]]; then
  _frame-tui "$@"
else
  compdef _frame-tui frame-tui
fi`;
}

function fish(table: Table): string {
	const commands = commandNames(table);
	// One line a flag and a meaning, with the commands that take it so: `--sessions` is audit's
	// switch and simulate's number.
	const lines = new Map<string, string[]>();
	for (const [command, {flags}] of Object.entries(table)) {
		for (const flag of flagNamesOf(flags)) {
			const extra =
				flag.name === 'profile'
					? ` -a '(${namesCommand})'`
					: flag.name === 'kind'
						? ` -a '${kinds.join(' ')}'`
						: '';
			const spec = `-l ${flag.name}${flag.short ? ` -s ${flag.short}` : ''}${flag.value ? ' -x' : ''}${extra}`;
			const forms = [spec, ...(flag.negatable ? [`-l no-${flag.name}`] : [])];
			for (const form of forms) {
				lines.set(form, [...(lines.get(form) ?? []), command]);
			}
		}
	}

	const condition = (owners: readonly string[]) => {
		const named = owners.filter((owner) => owner !== 'app');
		const seen = named.length > 0 ? `__fish_seen_subcommand_from ${named.join(' ')}` : '';
		return owners.includes('app')
			? seen
				? `__fish_use_subcommand; or ${seen}`
				: '__fish_use_subcommand'
			: seen;
	};
	return [
		'# frame-tui completion for fish. Install: frame-tui completion fish > ~/.config/fish/completions/frame-tui.fish',
		'complete -c frame-tui -f',
		`complete -c frame-tui -n __fish_use_subcommand -a '${commands.join(' ')}'`,
		`complete -c frame-tui -n '__fish_seen_subcommand_from completion' -a '${shells.join(' ')}'`,
		...[...lines].map(
			([form, owners]) => `complete -c frame-tui -n '${condition(owners)}' ${form}`,
		),
	].join('\n');
}

/** The completion script for a shell: commands, each command's own flags, pool kinds, and profile names read when completing. */
export function completionScript(shell: Shell, table: Table): string {
	return {bash, zsh, fish}[shell](table);
}

import {commands, flagNames, type Shell, shells} from './arguments.js';

// The pool kinds the simulator and Frame use; --kind takes any, these are the usual ones.
const kinds = ['production', 'test', 'sandbox'] as const;

// Completion asks the config file for profile names when --profile is being completed, so a
// new profile completes at once; errors go nowhere, and no secret is read for it.
const namesCommand = 'frame-tui profiles --names 2>/dev/null';

/** Every flag as typed: `--dry-run`, `--no-dry-run`, `-y`; what bash and zsh offer. */
export const flagWords: readonly string[] = flagNames.flatMap((flag) => [
	`--${flag.name}`,
	...(flag.negatable ? [`--no-${flag.name}`] : []),
	...(flag.short ? [`-${flag.short}`] : []),
]);

const longFlags = flagWords.join(' ');
const valueFlags = flagNames.filter((flag) => flag.value).map((flag) => `--${flag.name}`);

function bash(): string {
	return `# frame-tui completion for bash. Install: frame-tui completion bash > ~/.local/share/bash-completion/completions/frame-tui
_frame_tui() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    --profile) COMPREPLY=($(compgen -W "$(${namesCommand})" -- "$cur")); return ;;
    --kind) COMPREPLY=($(compgen -W "${kinds.join(' ')}" -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "${shells.join(' ')}" -- "$cur")); return ;;
    ${valueFlags.join('|')}) COMPREPLY=(); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${longFlags}" -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${commands.join(' ')}" -- "$cur"))
  fi
}
complete -F _frame_tui frame-tui`;
}

function zsh(): string {
	return `#compdef frame-tui
# frame-tui completion for zsh. Install: frame-tui completion zsh > "\${fpath[1]}/_frame-tui"
_frame-tui() {
  case "\${words[CURRENT-1]}" in
    --profile) compadd -- \${(f)"$(${namesCommand})"}; return ;;
    --kind) compadd -- ${kinds.join(' ')}; return ;;
    completion) compadd -- ${shells.join(' ')}; return ;;
    ${valueFlags.join('|')}) return ;;
  esac
  if [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- ${longFlags}
  elif (( CURRENT == 2 )); then
    compadd -- ${commands.join(' ')}
  fi
}
if [[ "\${funcstack[1]}" == "_frame-tui" ]]; then
  _frame-tui "$@"
else
  compdef _frame-tui frame-tui
fi`;
}

function fish(): string {
	const flags = flagNames.map(
		(flag) =>
			`complete -c frame-tui -l ${flag.name}${flag.short ? ` -s ${flag.short}` : ''}${flag.value ? ' -x' : ''}${
				flag.name === 'profile'
					? ` -a '(${namesCommand})'`
					: flag.name === 'kind'
						? ` -a '${kinds.join(' ')}'`
						: ''
			}`,
	);
	return [
		'# frame-tui completion for fish. Install: frame-tui completion fish > ~/.config/fish/completions/frame-tui.fish',
		'complete -c frame-tui -f',
		`complete -c frame-tui -n __fish_use_subcommand -a '${commands.join(' ')}'`,
		`complete -c frame-tui -n '__fish_seen_subcommand_from completion' -a '${shells.join(' ')}'`,
		...flags,
		...flagNames.flatMap((flag) =>
			flag.negatable ? [`complete -c frame-tui -l no-${flag.name}`] : [],
		),
	].join('\n');
}

/** The completion script for a shell: commands, flags, pool kinds, and profile names read when completing. */
export function completionScript(shell: Shell): string {
	return {bash, zsh, fish}[shell]();
}

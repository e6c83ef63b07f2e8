/** The text `frame-tui --help` prints; a flag or command added to the table is added here too. */
import {wrapWords} from '../format/text.js';
import {defaultConcurrency, maxConcurrency} from '../ops/close-sessions.js';

/** The help text `frame-tui --help` prints. */
export const helpText = `
	Usage
	  $ frame-tui [--profile NAME] [--account ID] [--refresh SECONDS]
	              [--read-only] [--concurrency N]
	                       the full-screen app (demo mode without credentials)
	  $ frame-tui organizations [-o FORMAT]
	                       the organizations the credentials see
	  $ frame-tui accounts [--org ID] [-o FORMAT]
	  $ frame-tui pools    --account ID [--kind KIND] [-o FORMAT]
	  $ frame-tui sessions (--account ID [--pool ID ...]
	                        | --all-accounts [--org ID])
	                       [--kind KIND] [SELECT] [-o FORMAT]
	                       active sessions, newest first
	  $ frame-tui close    --account ID
	                       (--session ID ... | --pool ID ... | --kind KIND
	                        | --all | --retry [RUN_ID]) [SELECT]
	                       [--dry-run] [--yes] [--concurrency N]
	                       [--patience DURATION] [-o FORMAT]
	  $ frame-tui close    --all-accounts [--org ID]
	                       (--kind KIND | --all | --retry [RUN_ID]) [SELECT]
	                       [--dry-run] [--yes] [...]
	                       one close across accounts: one plan by account,
	                       one rate limit and concurrency for all
	    SELECT: [--older-than DURATION] [--newer-than DURATION]
	            [--started-before TIME] [--user GLOB ...] [--state STATE]
	  $ frame-tui audit    [--since DURATION] [--account ID] [--run ID]
	                       [--sessions] [--failed] [-o FORMAT]
	                       the audit log of closes, oldest first
	  $ frame-tui simulate [--port N] [--accounts N] [--organizations N]
	                       [--sessions N] [--spread-hours N] [--latency MS]
	                       [--rate-limit N] [--fail-rate R] [--seed N] [--hostile]
	  $ frame-tui profiles [--json]
	                       the config file's profiles, and which is active
	  $ frame-tui completion bash|zsh|fish
	                       a shell completion script

	Options
	  --profile NAME     use this profile of the config file
	  --account ID       account id, its exact name, or its Frame console URL
	                     (https://…/account/<id>/…);
	                     default: the profile's account
	  --org ID           organization id or name (case aside)
	  --pool ID          pool external id or name; repeatable
	  --kind KIND        pool kind: production, test, sandbox, …
	  --session ID       session id; repeatable, or a,b,c; - reads ids from
	                     stdin, one a line
	  --all              every active session of the account
	  --all-accounts     every active account at once (of --org, when given);
	                     with --retry, a close across accounts
	  --older-than DURATION, --newer-than DURATION
	                     sessions started more, or less, than 30m, 2h, 7d, …
	                     ago; a session without a start time matches neither
	  --started-before TIME
	                     sessions started before 2026-12-03T17:00 (local
	                     time) or 2026-12-03T16:00Z
	  --user GLOB        the user, whole, case aside; * and ? as in a shell
	                     ("ann*@acme.com"); repeatable: any of them
	  --state STATE      open, reserved or init
	  --retry [RUN_ID]   close what a close left open (failed, unknown, not
	                     attempted); default: the account's last close in the
	                     audit log (with --all-accounts, the last close across
	                     accounts); an id prefix is enough
	  --dry-run          show what would be closed, close nothing
	  --yes, -y          close without asking
	                     (needed when stdin is not a terminal)
	  --concurrency N    closes in flight at once, 1 to ${maxConcurrency}
	                     (default: the profile's, else ${defaultConcurrency})
	  --patience DURATION
	                     how long a close waits for an unavailable API
	                     before it stops: 90s, 5m, 0 (default: the
	                     profile's, else 2m)
	  --refresh SECONDS  the app reloads sessions and retries failed loads this
	                     often (default: the profile's, else 10; 0 never)
	  --read-only        show everything and close nothing: the app offers no
	                     close, close refuses (--no-read-only overrides a
	                     profile)
	  --json             one JSON document on stdout (as -o json)
	  -o, --output FORMAT
	                     table (the default), wide (every field, whole), json,
	                     or csv (RFC 4180; a cell that could run as a formula
	                     in a spreadsheet starts with ')
	  --no-headers       tables and CSV without their header line
	  --no-audit         close without writing the audit log
	  --since DURATION   audit: runs of the last 30m, 12h, 7d, …
	  --sessions         audit: every session's result too
	  --run ID           audit: only that close (a prefix of its id is enough)
	  --failed           audit: only the sessions not closed, and their closes
	  --demo             use the built-in simulator even when credentials are set
	  --help, -h, --version

	Environment
	  FRAME_CLIENT_ID, FRAME_CLIENT_SECRET
	                       API credentials (Frame console: Users → API)
	  FRAME_API_URL        default https://api.console.nutanix.com/v1
	  FRAME_TUI_AUDIT_LOG  the audit log; default
	                       \${XDG_STATE_HOME:-~/.local/state}/frame-tui/audit.jsonl
	  FRAME_PROFILE        the profile to use when --profile is not given
	  FRAME_TUI_CONFIG     the config file; default
	                       \${XDG_CONFIG_HOME:-~/.config}/frame-tui/config.toml
	  Credentials: --profile, else FRAME_CLIENT_ID and FRAME_CLIENT_SECRET, else
	  FRAME_PROFILE, else the file's default_profile, else demo mode.

	Exit codes
	  0 all done
	  1 a session failed, ended unknown or was not attempted, or an API error
	  2 usage or configuration error (an id that is not active, a kind or
	    pool that matches none, read-only), or the app without a terminal
	  130 SIGINT (Ctrl-C)   143 SIGTERM   129 SIGHUP:
	      stopped, every result printed first
`;

/** The help after the package's description, wrapped to fit 80 columns with the help's indent. */
export function withDescription(help: string, description: string | undefined): string {
	const lines = description ? wrapWords(description, 76, Number.POSITIVE_INFINITY) : [];
	return `${lines.map((line) => `\n  ${line}`).join('')}\n${help}`;
}

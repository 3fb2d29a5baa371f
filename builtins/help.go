package builtins

import (
	"fmt"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

func init() {
	Register(&Builtin{Name: "help", Fn: helpBuiltin, Usage: "help [-dms] [pattern ...]"})
}

// helpTopic is one entry of `help`: a builtin, or a keyword that bash
// documents alongside them.
type helpTopic struct {
	name, usage, desc string
}

// keywordTopics are the reserved-word entries of bash's help list.
var keywordTopics = []helpTopic{
	{"%", "job_spec [&]", "Resume a job in the foreground, or in the background with &."},
	{"(( ... ))", "(( expression ))", "Evaluate an arithmetic expression; true when it is non-zero."},
	{"[[ ... ]]", "[[ expression ]]", "Evaluate a conditional expression without word splitting or globbing."},
	{"case", "case WORD in [PATTERN [| PATTERN]...) COMMANDS ;;]... esac", "Run the commands of the first pattern that matches WORD."},
	{"coproc", "coproc [NAME] command [redirections]", "Run a command asynchronously, connected to the shell by a pair of pipes."},
	{"for", "for NAME [in WORDS ... ] ; do COMMANDS; done", "Run COMMANDS once for each word, with NAME set to it."},
	{"for ((", "for (( exp1; exp2; exp3 )); do COMMANDS; done", "C-style loop driven by arithmetic expressions."},
	{"function", "function name { COMMANDS ; } or name () { COMMANDS ; }", "Define a shell function."},
	{"if", "if COMMANDS; then COMMANDS; [ elif COMMANDS; then COMMANDS; ]... [ else COMMANDS; ] fi", "Run commands depending on the status of a test list."},
	{"select", "select NAME [in WORDS ... ;] do COMMANDS; done", "Offer WORDS as a numbered menu and run COMMANDS for each choice."},
	{"time", "time [-p] pipeline", "Run a pipeline and report the real, user and system time it took."},
	{"until", "until COMMANDS; do COMMANDS-2; done", "Loop while the test list fails."},
	{"variables", "variables - Names and meanings of some shell variables", "Common shell variables: HOME, PATH, IFS, PS1, PWD, OLDPWD, CDPATH, OPTIND..."},
	{"while", "while COMMANDS; do COMMANDS-2; done", "Loop while the test list succeeds."},
	{"{ ... }", "{ COMMANDS ; }", "Group commands so that they run as a unit."},
}

// builtinDesc is the one-line description of each builtin for help -d,
// help NAME and --help.
// builtinDesc is built on first use (help is rare; start-up time is not).
var builtinDesc = sync.OnceValue(func() map[string]string {
	return map[string]string{
		".":         "Read and run commands from a file in the current shell.",
		":":         "Do nothing and succeed.",
		"[":         "Evaluate a conditional expression; the last argument must be ']'.",
		"alias":     "Define aliases, or print them in a form that can be reused as input.",
		"bg":        "Resume stopped jobs in the background.",
		"bind":      "Set line-editing key bindings and variables.",
		"break":     "Leave the innermost N enclosing loops.",
		"builtin":   "Run a shell builtin, bypassing functions of the same name.",
		"caller":    "Print the line, function and file of an active subroutine call.",
		"cd":        "Change the current directory (default $HOME; '-' means $OLDPWD).",
		"command":   "Run a command without function lookup, or describe commands with -v/-V.",
		"compgen":   "Print the possible completions of a word.",
		"complete":  "Specify how arguments of a command are completed.",
		"compopt":   "Change or show completion options.",
		"continue":  "Start the next iteration of the Nth enclosing loop.",
		"declare":   "Set variable values and attributes, or print them.",
		"dirs":      "Print the directory stack; -c clears it.",
		"disown":    "Remove jobs from the job table, or keep them from getting SIGHUP.",
		"echo":      "Print the arguments, separated by spaces and followed by a newline.",
		"enable":    "Enable or disable shell builtins.",
		"eval":      "Join the arguments and run the result as shell input.",
		"exec":      "Replace the shell with a command, or apply redirections to the shell.",
		"exit":      "Leave the shell with status N (default: the last status).",
		"export":    "Mark variables to be passed to commands in their environment.",
		"false":     "Do nothing and fail.",
		"fc":        "List, edit or re-run commands from the history.",
		"fg":        "Move a job to the foreground.",
		"getopts":   "Parse positional parameters or arguments as options, one per call.",
		"hash":      "Remember or show the full paths of commands.",
		"help":      "Show information about builtin commands.",
		"history":   "Show or edit the command history.",
		"jobs":      "List active jobs.",
		"kill":      "Send a signal to processes or jobs, or list signal names.",
		"let":       "Evaluate arithmetic expressions; fails when the last is zero.",
		"local":     "Create variables local to the current function.",
		"logout":    "Leave a login shell.",
		"mapfile":   "Read lines into an indexed array (default MAPFILE).",
		"popd":      "Remove an entry from the directory stack and change to the new top.",
		"printf":    "Print arguments under control of a format.",
		"pushd":     "Push a directory onto the directory stack, or rotate the stack.",
		"pwd":       "Print the current directory (-P: without symbolic links).",
		"read":      "Read a line and split it into fields assigned to variables.",
		"readarray": "Read lines into an indexed array (same as mapfile).",
		"readonly":  "Mark variables or functions as unchangeable.",
		"return":    "Leave a function or sourced script with status N.",
		"set":       "Set shell options and positional parameters, or list variables.",
		"shift":     "Drop the first N positional parameters (default 1).",
		"shopt":     "Set, unset or show optional shell behaviour.",
		"source":    "Read and run commands from a file in the current shell.",
		"suspend":   "Stop the shell until it gets SIGCONT.",
		"test":      "Evaluate a conditional expression.",
		"times":     "Print the user and system times of the shell and its children.",
		"trap":      "Run a command when the shell gets a signal or other event.",
		"true":      "Do nothing and succeed.",
		"type":      "Tell how each name would be interpreted as a command.",
		"typeset":   "Set variable values and attributes (same as declare).",
		"ulimit":    "Show or set resource limits of the shell and its children.",
		"umask":     "Show or set the file creation mask.",
		"unalias":   "Remove aliases.",
		"unset":     "Remove variables or functions.",
		"wait":      "Wait for jobs or processes and return their status.",
	}
})

// helpTopics lists every topic in bash's order (strcmp on the name).
func helpTopics() []helpTopic {
	var t []helpTopic
	for _, n := range Names() {
		t = append(t, helpTopic{n, Lookup(n).Usage, builtinDesc()[n]})
	}
	t = append(t, keywordTopics...)
	sort.Slice(t, func(i, j int) bool { return t[i].name < t[j].name })
	return t
}

// printBuiltinHelp answers `name --help`.
func printBuiltinHelp(sh Shell, name string) {
	t := helpTopic{name: name}
	if b := Lookup(name); b != nil {
		t.usage, t.desc = b.Usage, builtinDesc()[name]
	}
	fmt.Fprint(sh.Stdout(), longHelp(t))
}

func longHelp(t helpTopic) string {
	s := t.name + ": " + t.usage + "\n"
	if t.desc != "" {
		s += "    " + t.desc + "\n"
	}
	return s
}

func helpBuiltin(sh Shell, args []string) int {
	opts, pats, ok := parseOpts(sh, args, "dms")
	if !ok {
		return 2
	}
	var dflag, mflag, sflag bool
	for _, o := range opts {
		switch o.C {
		case 'd':
			dflag = true
		case 'm':
			mflag = true
		case 's':
			sflag = true
		}
	}
	topics := helpTopics()
	if len(pats) == 0 {
		return builtinWrite(sh, "help", helpList(sh, topics), 0)
	}
	var b strings.Builder
	if hasGlob(pats[0]) {
		if len(pats) > 1 {
			b.WriteString("Shell commands matching keywords '")
		} else {
			b.WriteString("Shell commands matching keyword '")
		}
		b.WriteString(strings.Join(pats, ", ") + "'\n\n")
	}
	found := false
	pat := ""
	for _, pat = range pats {
		// First exact names or glob matches; failing that, prefixes.
		for pass := 1; pass <= 2; pass++ {
			this := false
			for _, t := range topics {
				var m bool
				if pass == 1 {
					g, _ := path.Match(pat, t.name)
					m = pat == t.name || g
				} else {
					m = strings.HasPrefix(t.name, pat)
				}
				if !m {
					continue
				}
				this, found = true, true
				switch {
				case dflag:
					fmt.Fprintf(&b, "%s - %s\n", t.name, descOrUsage(t))
				case mflag:
					fmt.Fprintf(&b, "NAME\n    %s - %s\n\nSYNOPSIS\n    %s\n\nDESCRIPTION\n    %s\n\nSEE ALSO\n    gsh(1)\n\n",
						t.name, descOrUsage(t), t.usage, descOrUsage(t))
				case sflag:
					fmt.Fprintf(&b, "%s: %s\n", t.name, t.usage)
				default:
					b.WriteString(longHelp(t))
				}
			}
			if this {
				break
			}
		}
	}
	if !found {
		sh.Errorf("help: no help topics match '%s'.  Try 'help help' or 'man -k %s' or 'info %s'.", pat, pat, pat)
		return 1
	}
	return builtinWrite(sh, "help", b.String(), 0)
}

func descOrUsage(t helpTopic) string {
	if t.desc != "" {
		return t.desc
	}
	return t.usage
}

func hasGlob(s string) bool { return strings.ContainsAny(s, "*?[") }

// helpList formats the two-column list of every topic as bash does: half
// the screen width per column, with '>' marking a truncated synopsis.
func helpList(sh Shell, topics []helpTopic) string {
	var b strings.Builder
	b.WriteString("gsh, version " + Version + "\n" +
		"These shell commands are defined internally.  Type 'help' to see this list.\n" +
		"Type 'help name' to find out more about the function 'name'.\n" +
		"See gsh's README for the shell in general, and 'man -k' or 'info' for\n" +
		"commands not in this list.\n\n" +
		"A star (*) next to a name means that the command is disabled.\n\n")
	width := screenColumns(sh) / 2
	if width > 128 {
		width = 128
	}
	if width <= 3 {
		width = 40
	}
	n := len(topics)
	height := (n + 1) / 2
	// A cell is at most w-1 bytes: a blank, the synopsis, '>' in the last
	// place. The second column is one byte narrower (bash's dispcolumn).
	cell := func(i, w int) string {
		buf := make([]byte, w)
		buf[0] = ' '
		copy(buf[1:w-1], topics[i].usage)
		buf[w-2] = '>'
		if k := strings.IndexByte(string(buf), 0); k >= 0 {
			buf = buf[:k]
		} else {
			buf = buf[:w-1]
		}
		return string(buf)
	}
	for i := 0; i < height; i++ {
		s := cell(i, width)
		b.WriteString(s)
		if i+height < n && 2*i < n {
			b.WriteString(strings.Repeat(" ", width-len(s)))
			b.WriteString(cell(i+height, width-1))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// screenColumns is $COLUMNS, else the terminal's width, else 80.
func screenColumns(sh Shell) int {
	if c, err := strconv.Atoi(sh.Vars().Str("COLUMNS")); err == nil && c > 0 {
		return c
	}
	for _, fd := range []int{1, 2, 0} {
		if f := sh.File(fd); f != nil {
			ws, err := unix.IoctlGetWinsize(rawFD(f), unix.TIOCGWINSZ)
			runtime.KeepAlive(f)
			if err == nil && ws.Col > 0 {
				return int(ws.Col)
			}
		}
	}
	return 80
}

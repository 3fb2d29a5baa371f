package shell

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gsh/builtins"
	"gsh/jobs"
)

// expandPrompt expands bash's prompt escapes in s (PS1, PS2, PS4 and
// ${x@P}), then, with promptvars or in posix mode, parameter expansion,
// command substitution and arithmetic on the result.
func (sh *Shell) expandPrompt(s string) string {
	var b strings.Builder
	now := time.Now()
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'a':
			b.WriteByte('\a')
		case 'e':
			b.WriteByte(0x1b)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		case '[':
			b.WriteByte(1)
		case ']':
			b.WriteByte(2)
		case 'd':
			b.WriteString(now.Format("Mon Jan 02"))
		case 'D':
			if i+1 < len(s) && s[i+1] == '{' {
				if end := strings.IndexByte(s[i+1:], '}'); end >= 0 {
					f := s[i+2 : i+1+end]
					if f == "" {
						f = "%X"
					}
					b.WriteString(builtins.Strftime(f, now))
					i += end + 1
					continue
				}
			}
			b.WriteString("\\D")
		case 't':
			b.WriteString(now.Format("15:04:05"))
		case 'T':
			b.WriteString(now.Format("03:04:05"))
		case '@':
			b.WriteString(now.Format("03:04 PM"))
		case 'A':
			b.WriteString(now.Format("15:04"))
		case 'h', 'H':
			h, _ := os.Hostname()
			if c == 'h' {
				if k := strings.IndexByte(h, '.'); k >= 0 {
					h = h[:k]
				}
			}
			b.WriteString(h)
		case 'u':
			b.WriteString(currentUser())
		case 's':
			b.WriteString(filepath.Base(sh.rt.name))
		case 'v':
			v := Version
			if k := strings.LastIndexByte(v, '.'); k > 0 {
				v = v[:k]
			}
			b.WriteString(v)
		case 'V':
			b.WriteString(Version)
		case 'w', 'W':
			dir := sh.vars.Str("PWD")
			if dir == "" {
				dir = sh.cwd
			}
			home := sh.vars.Str("HOME")
			if c == 'W' {
				if dir != "/" && dir != home {
					dir = filepath.Base(dir)
				} else if dir == home && home != "" {
					dir = "~"
				}
			} else if home != "" && home != "/" && (dir == home || strings.HasPrefix(dir, home+"/")) {
				dir = "~" + dir[len(home):]
			}
			b.WriteString(dir)
		case 'j':
			n := 0
			for _, j := range sh.rt.jobs.Jobs() {
				if j.Async() || j.State() == jobs.JobStopped {
					n++
				}
			}
			b.WriteString(strconv.Itoa(n))
		case 'l':
			name, err := os.Readlink("/proc/self/fd/0")
			if err != nil || !strings.HasPrefix(name, "/dev/") {
				name = "tty"
			}
			b.WriteString(filepath.Base(name))
		case '!':
			b.WriteString(strconv.Itoa(sh.rt.historyNumber()))
		case '#':
			// The number of the command about to be read.
			b.WriteString(strconv.Itoa(sh.rt.commandNumber + 1))
		case '$':
			if os.Geteuid() == 0 {
				b.WriteByte('#')
			} else {
				b.WriteByte('$')
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n, j := 0, i
			for ; j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	out := b.String()
	if (sh.opts[optPromptvars] || sh.opts[optPosix]) && strings.ContainsAny(out, "$`") {
		// $ and ` are expanded as inside double quotes; the prompt's own
		// expansions leave $? alone.
		saved := sh.status
		if s, err := sh.expandHeredoc(parserTextWord(out)); err == nil {
			out = s
		}
		sh.status = saved
	}
	return out
}

// currentUser is \u: the name of the real user, as bash takes it from
// the password file (not from $USER).
func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return strconv.Itoa(os.Getuid())
}

// expandPS4 expands PS4 for set -x as a prompt; \[ \] marks are dropped.
func (sh *Shell) expandPS4(s string) string {
	return ps4Marks.Replace(sh.expandPrompt(s))
}

// ps4Marks drops the \[ \] marks, which only a line editor uses.
var ps4Marks = strings.NewReplacer("\x01", "", "\x02", "")

// historyNumber is \! : the number the next history entry will get.
func (rt *Runtime) historyNumber() int {
	if rt.HistoryNumber != nil {
		return rt.HistoryNumber()
	}
	return 1
}
